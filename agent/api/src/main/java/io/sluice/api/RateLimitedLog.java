package io.sluice.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Logs at most one line per interval for one kind of repeated failure (a client sending garbage,
 * a full channel), and says how many were left out, so a misbehaving peer cannot flood the log
 * (DESIGN §7). Thread-safe: any connection or commit thread may call it.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    private final LongAdder suppressed = new LongAdder();

    public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** SLF4J-style message; a trailing Throwable argument is logged with its stack trace. */
    public void warn(String format, Object... args) {
        if (log.isWarnEnabled() && permit()) {
            log.warn(withSuppressed(format), args);
        }
    }

    public void error(String format, Object... args) {
        if (log.isErrorEnabled() && permit()) {
            log.error(withSuppressed(format), args);
        }
    }

    private boolean permit() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.increment();
            return false;
        }
        return true;
    }

    private String withSuppressed(String format) {
        long left = suppressed.sumThenReset();
        return left == 0 ? format : format + " (" + left + " similar messages suppressed)";
    }
}
