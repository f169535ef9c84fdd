package io.sluice.api;

import java.util.List;

/**
 * Transforms or filters a source's batch before the channel put. Returns the events to keep (the
 * same list, changed in place, is fine); an event left out is dropped. Runs on the source's threads,
 * possibly several at once, so an interceptor must be thread-safe.
 */
public interface Interceptor {
    List<Event> intercept(List<Event> events);
}
