package io.sluice.api;

/**
 * A source driven by a runtime thread that calls {@link #poll()} in a loop: READY means call again
 * at once, BACKOFF means nothing to do now (the runner sleeps with a growing delay). An exception is
 * logged and backed off the same way. {@code poll()} is only ever called from that one thread.
 */
public interface PollableSource extends Source {
    Status poll() throws Exception;

    /** First backoff sleep, grown by this step per consecutive backoff, in milliseconds. */
    default long backoffSleepIncrementMillis() {
        return 1000;
    }

    default long maxBackoffSleepMillis() {
        return 5000;
    }

    @Override
    default void start() throws Exception {
    }

    @Override
    default void stop() {
    }
}
