package io.sluice.api;

import java.util.ArrayList;
import java.util.List;

/**
 * An interceptor that looks at one event at a time (most do). The runtime runs consecutive event
 * interceptors of a source in one pass over the batch, each event going through all of them while
 * it is in cache, instead of one pass per interceptor. Must be thread-safe, like every interceptor.
 */
public interface EventInterceptor extends Interceptor {

    /** Changes the event in place; returns false to drop it. */
    boolean intercept(Event event);

    @Override
    default List<Event> intercept(List<Event> events) {
        List<Event> kept = null;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            boolean keep = intercept(e);
            if (!keep && kept == null) {
                kept = new ArrayList<>(events.subList(0, i));
            } else if (keep && kept != null) {
                kept.add(e);
            }
        }
        return kept == null ? events : kept;
    }
}
