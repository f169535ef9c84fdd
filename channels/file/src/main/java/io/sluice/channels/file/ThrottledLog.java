package io.sluice.channels.file;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs at most {@code perWindow} errors per minute and then one summary of how many were held
 * back, so a damaged segment read event by event cannot flood the log. Thread-safe.
 */
final class ThrottledLog {
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final int perWindow;
    private long windowStart = System.nanoTime();
    private int logged;
    private long suppressed;

    ThrottledLog(Logger log, int perWindow) {
        this.log = log;
        this.perWindow = perWindow;
    }

    synchronized void error(String format, Object... args) {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            if (suppressed > 0) {
                log.error("{} more similar error(s) in the last minute were not logged", suppressed);
            }
            windowStart = now;
            logged = 0;
            suppressed = 0;
        }
        if (logged < perWindow) {
            logged++;
            log.error(format, args);
        } else {
            suppressed++;
        }
    }
}
