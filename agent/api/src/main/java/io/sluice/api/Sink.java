package io.sluice.api;

/**
 * A component that takes events from its channel and delivers them. {@link #process()} takes up
 * to a batch in one transaction, delivers it and commits; on failure it rolls back (so the events
 * stay in the channel) and throws. It is called by one runner thread at a time.
 *
 * <p>When the channel is empty, the take inside {@code process()} waits on the channel (up to its
 * keep-alive) rather than returning at once, so an idle sink costs no CPU; it then returns
 * {@link Status#BACKOFF} and is called again.
 */
public interface Sink extends Lifecycle {
    Status process() throws EventDeliveryException;

    @Override
    default void start() throws Exception {
    }

    @Override
    default void stop() {
    }
}
