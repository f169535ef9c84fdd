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
final class SinkRunner extends RunnerThread {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);
    private static final long MAX_IDLE_PAUSE_MILLIS = 10;
    private static final long MIN_ERROR_PAUSE_MILLIS = 100;
    private static final long MAX_ERROR_PAUSE_MILLIS = 5000;

    private final SinkProcessor processor;
    private final FailureLog failures;

    SinkRunner(String name, SinkProcessor processor) {
        super("sink-runner-" + name);
        this.processor = processor;
        this.failures = new FailureLog(LOG, "Sink " + name);
    }

    @Override
    public void run() {
        long idleStreak = 0;
        while (running()) {
            try {
                if (processor.process() == Status.READY) {
                    idleStreak = 0;
                } else {
                    idleStreak++;
                    pause(Math.min(idleStreak, MAX_IDLE_PAUSE_MILLIS));
                }
                failures.succeeded();
            } catch (Throwable t) {
                if (!running()) {
                    return;
                }
                failures.failed(t);
                pause(Math.min(MAX_ERROR_PAUSE_MILLIS, MIN_ERROR_PAUSE_MILLIS << Math.min(6, failures.consecutiveFailures() - 1)));
            }
        }
    }
}
