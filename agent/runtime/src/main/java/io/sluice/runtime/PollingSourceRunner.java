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
final class PollingSourceRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PollingSourceRunner.class);

    private final String name;
    private final PollableSource source;
    private final FailureLog failures;
    private volatile boolean running = true;
    private volatile Thread thread;

    PollingSourceRunner(String name, PollableSource source) {
        this.name = name;
        this.source = source;
        this.failures = new FailureLog(LOG, "Source " + name);
    }

    void start() {
        Thread t = new Thread(this, "source-runner-" + name);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        long backoffs = 0;
        while (running) {
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
            if (pause > 0 && running) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    // stop() interrupts; the loop condition decides
                }
            }
        }
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
