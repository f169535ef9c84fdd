package io.sluice.sources.avro;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes all connections of one Avro source may hold in frames not yet answered
 * ({@code maxBytesInFlight}). A connection reserves each byte before it passes it on to Avro's
 * frame decoder and releases its frame's bytes when the reply is written or the connection closes.
 * When nothing is left, the asking connection registers a wake-up and stops reading (back-pressure,
 * not an error); every registered wake-up runs on the next release, and its connection tries again.
 *
 * <p>Thread-safe: connections on different event loops share it. A wake-up runs on the releasing
 * thread and should only hand work to its connection's own event loop.
 */
final class InFlightBudget {
    private final long capacity;
    private long used;
    private List<Runnable> waiting = new ArrayList<>();

    InFlightBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("maxBytesInFlight must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Reserves exactly {@code n} bytes, or nothing and registers {@code wakeUp}. */
    synchronized boolean reserve(long n, Runnable wakeUp) {
        if (capacity - used >= n) {
            used += n;
            return true;
        }
        waiting.add(wakeUp);
        return false;
    }

    /** Reserves as many of {@code n} bytes as are free (0 only when none are, after registering {@code wakeUp}). */
    synchronized long reserveUpTo(long n, Runnable wakeUp) {
        long granted = Math.min(n, capacity - used);
        if (granted <= 0) {
            waiting.add(wakeUp);
            return 0;
        }
        used += granted;
        return granted;
    }

    void release(long n) {
        if (n == 0) {
            return;
        }
        List<Runnable> wake;
        synchronized (this) {
            used -= n;
            if (waiting.isEmpty()) {
                return;
            }
            wake = waiting;
            waiting = new ArrayList<>();
        }
        for (Runnable r : wake) {
            r.run();
        }
    }

    synchronized long used() {
        return used;
    }

    long capacity() {
        return capacity;
    }
}
