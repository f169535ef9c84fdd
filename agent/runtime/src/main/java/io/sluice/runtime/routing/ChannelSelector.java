package io.sluice.runtime.routing;

import io.sluice.api.Event;
import java.util.List;

/**
 * Chooses, per event, the channels of a source that must take it (required: a failure fails the
 * batch) and those that may (optional: a failure is counted and logged). Chooses only among the
 * source's own channels, by index into the source's channel list. Thread-safe and allocation-free
 * on the common path: a selector that sends every event the same way says so with {@link #isStatic()}.
 */
public interface ChannelSelector {

    /** Indexes (into the source's channel list) of the channels that must take this event. */
    int[] required(Event event);

    /** Indexes of the channels that may take this event. */
    int[] optional(Event event);

    /** True when every event gets the same channels, so a batch need not be split per event. */
    default boolean isStatic() {
        return false;
    }
}
