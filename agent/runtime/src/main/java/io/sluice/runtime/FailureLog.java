package io.sluice.runtime;

import org.slf4j.Logger;

/**
 * Logs a repeating failure without flooding the log: the first failure with its cause and stack
 * trace, then at most one line per interval saying how many more happened, and one line when the
 * component recovers. Used from one thread per instance.
 */
public final class FailureLog {
    private static final long INTERVAL_NANOS = 30_000_000_000L;

    private final Logger log;
    private final String what;
    private long failures;
    private long suppressed;
    private long lastLogged;

    public FailureLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    public void failed(Throwable cause) {
        failures++;
        long now = System.nanoTime();
        if (failures == 1) {
            log.error("{} failed: {}", what, cause.toString(), cause);
            lastLogged = now;
        } else if (now - lastLogged >= INTERVAL_NANOS) {
            log.error("{} is still failing ({} more failures since the last report): {}", what, suppressed + 1, cause.toString());
            suppressed = 0;
            lastLogged = now;
        } else {
            suppressed++;
        }
    }

    public void succeeded() {
        if (failures > 0) {
            log.info("{} recovered after {} failure(s)", what, failures);
            failures = 0;
            suppressed = 0;
        }
    }

    public long consecutiveFailures() {
        return failures;
    }
}
