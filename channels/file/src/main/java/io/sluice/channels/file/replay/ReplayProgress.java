package io.sluice.channels.file.replay;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a replay got: log bytes to read and read, events applied, rate and estimated time left.
 * The replaying thread updates it and logs a line every {@code logEvery} (a second by default); the
 * metrics endpoint reads it from other threads, so its fields are volatile.
 */
public final class ReplayProgress {
    public static final Duration LOG_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ReplayProgress.class);

    private final String name;
    private final long logEveryNanos;
    private volatile long totalBytes;
    private volatile long doneBytes;
    private volatile long events;
    private volatile long startNanos;
    private volatile long endNanos;
    private long lastLog;

    public ReplayProgress(String name) {
        this(name, LOG_EVERY);
    }

    public ReplayProgress(String name, Duration logEvery) {
        this.name = name;
        this.logEveryNanos = logEvery.toNanos();
    }

    void begin(long bytesToRead) {
        totalBytes = bytesToRead;
        startNanos = System.nanoTime();
        lastLog = startNanos;
    }

    /** Called by the replaying thread as it goes; logs when {@code logEvery} passed since the last line. */
    void advance(long bytesDone, long eventsApplied) {
        doneBytes = bytesDone;
        events = eventsApplied;
        long now = System.nanoTime();
        if (now - lastLog >= logEveryNanos) {
            lastLog = now;
            LOG.info("File channel {} replaying: {} events, {}% of {} MB of log, {} events/s, about {} s left", name,
                    eventsApplied, Math.round(percent()), String.format("%.1f", totalBytes / 1e6),
                    Math.round(eventsPerSecond()), (etaMillis() + 999) / 1000);
        }
    }

    void end(long bytesDone, long eventsApplied) {
        doneBytes = bytesDone;
        events = eventsApplied;
        endNanos = System.nanoTime();
    }

    /** Events applied so far (puts and takes). */
    public long events() {
        return events;
    }

    public double percent() {
        long total = totalBytes;
        return total == 0 ? (startNanos == 0 ? 0 : 100) : Math.min(100, doneBytes * 100.0 / total);
    }

    public double eventsPerSecond() {
        double seconds = elapsedNanos() / 1e9;
        return seconds <= 0 ? 0 : events / seconds;
    }

    /** Estimated milliseconds until the replay ends, from its byte rate so far; 0 once it ended. */
    public long etaMillis() {
        if (endNanos != 0 || startNanos == 0) {
            return 0;
        }
        long done = doneBytes;
        long elapsed = elapsedNanos();
        if (done == 0 || elapsed == 0) {
            return 0;
        }
        return (long) ((totalBytes - done) * (elapsed / 1e6) / done);
    }

    public long elapsedNanos() {
        long start = startNanos;
        if (start == 0) {
            return 0;
        }
        long end = endNanos;
        return (end != 0 ? end : System.nanoTime()) - start;
    }
}
