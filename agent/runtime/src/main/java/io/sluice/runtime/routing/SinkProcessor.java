package io.sluice.runtime.routing;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;

/**
 * Decides which sink of a group processes next (Flume's SinkProcessor). Called by the group's one
 * runner thread; sinks of a group never run concurrently. Throws when no sink could deliver, so
 * the runner backs off; the events stay in the channel.
 */
public interface SinkProcessor {
    Status process() throws EventDeliveryException;
}
