package io.sluice.runtime;

import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drives a pollable source: READY polls again at once; BACKOFF sleeps the
 * source's increment times the number of consecutive backoffs, up to its maximum; an exception is
 * logged (rate-limited) and sleeps the maximum.
 */
final class PollingSourceRunner extends RunnerThread {
    private static final Logger LOG = LoggerFactory.getLogger(PollingSourceRunner.class);

    private final PollableSource source;
    private final FailureLog failures;

    PollingSourceRunner(String name, PollableSource source) {
        super("source-runner-" + name);
        this.source = source;
        this.failures = new FailureLog(LOG, "Source " + name);
    }

    @Override
    public void run() {
        long backoffs = 0;
        while (running()) {
            long pause = 0;
            try {
                if (source.poll() == Status.READY) {
                    backoffs = 0;
                } else {
                    backoffs++;
                    pause = Math.min(source.maxBackoffSleepMillis(), backoffs * source.backoffSleepIncrementMillis());
                }
                failures.succeeded();
            } catch (Throwable t) {
                failures.failed(t);
                pause = source.maxBackoffSleepMillis();
            }
            pause(pause);
        }
    }
}
