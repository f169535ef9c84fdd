package io.sluice.api;

import java.util.List;

/**
 * An interceptor that sets one header to the same value on every event of a batch (timestamp,
 * host, static). The runtime applies a run of them in one pass over the batch, so a chain of three
 * costs about what one does. Must be thread-safe, like every interceptor.
 */
public interface HeaderStampInterceptor extends Interceptor {

    /** What to set on the batch about to pass; called once per batch. Null leaves the batch alone. */
    HeaderStamp stampForBatch();

    @Override
    default List<Event> intercept(List<Event> events) {
        HeaderStamp stamp = stampForBatch();
        if (stamp != null) {
            Event.stampHeaders(events, stamp);
        }
        return events;
    }
}
