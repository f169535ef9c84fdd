package io.sluice.runtime;

import io.sluice.api.Status;
import io.sluice.runtime.routing.SinkProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drives a sink group (or an ungrouped sink) through its processor. An idle
 * sink already waited on its channel inside its take, so BACKOFF only adds a short pause against
 * spinning on a channel that does not wait; a failure backs off exponentially (100 ms to 5 s) and is
 * logged once with its cause, then summarised. Nothing a sink throws ends the loop.
 */
final class SinkRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final long MAX_IDLE_PAUSE_MILLIS = 10;
    private static final long MIN_ERROR_PAUSE_MILLIS = 100;
    private static final long MAX_ERROR_PAUSE_MILLIS = 5000;

    private final String name;
    private final SinkProcessor processor;
    private final FailureLog failures;
    private volatile boolean running = true;
    private volatile boolean draining;
    private volatile Thread thread;

    SinkRunner(String name, SinkProcessor processor) {
        this.name = name;
        this.processor = processor;
        this.failures = new FailureLog(LOG, "Sink " + name);
    }

    void start() {
        Thread t = new Thread(this, "sink-runner-" + name);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        long idleStreak = 0;
        while (running) {
            try {
                Status status = processor.process();
                failures.succeeded();
                if (status == Status.READY) {
                    idleStreak = 0;
                } else {
                    if (draining) {
                        return;
                    }
                    idleStreak++;
                    Thread.sleep(Math.min(idleStreak, MAX_IDLE_PAUSE_MILLIS));
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                failures.failed(t);
                long pause = Math.min(MAX_ERROR_PAUSE_MILLIS,
                        MIN_ERROR_PAUSE_MILLIS << Math.min(6, failures.consecutiveFailures() - 1));
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }
    }

    /** Asks the runner to end the next time its channel has nothing for it. */
    void drainThenStop() {
        draining = true;
    }

    /** Waits up to {@code millis} for the runner to finish draining; true if it did. */
    boolean awaitDrained(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(Math.max(1, millis));
            return !t.isAlive();
        }
        return true;
    }

    /** Stops the loop now, interrupting a take or a backoff, and waits for the thread. */
    void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(10_000);
            if (t.isAlive()) {
                LOG.warn("Sink runner {} did not stop within 10 s; its sink is blocked in a call", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
