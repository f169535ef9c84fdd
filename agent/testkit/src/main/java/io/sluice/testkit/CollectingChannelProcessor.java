package io.sluice.testkit;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel processor for source tests: keeps every accepted batch in order, and can be told to
 * refuse batches (as a full channel would) to test a source's failure path. Thread-safe.
 */
public final class CollectingChannelProcessor implements ChannelProcessor {
    private final List<Event> accepted = new ArrayList<>();
    private int batches;
    private int refusals;
    private volatile boolean refusing;

    @Override
    public void process(List<Event> events) {
        if (refusing) {
            synchronized (this) {
                refusals++;
            }
            throw new ChannelException("refused by test: channel full");
        }
        synchronized (this) {
            accepted.addAll(events);
            batches++;
            notifyAll();
        }
    }

    /** While true, every batch is refused with a ChannelException. */
    public void setRefusing(boolean refuse) {
        this.refusing = refuse;
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(accepted);
    }

    public synchronized List<String> bodies() {
        return TestEvents.bodies(accepted);
    }

    public synchronized int batches() {
        return batches;
    }

    public synchronized int refusals() {
        return refusals;
    }

    /** Waits until at least {@code n} events were accepted; fails after {@code timeout}. */
    public synchronized List<Event> awaitEvents(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepted.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + accepted.size() + " of " + n + " events arrived within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return new ArrayList<>(accepted);
    }
}
