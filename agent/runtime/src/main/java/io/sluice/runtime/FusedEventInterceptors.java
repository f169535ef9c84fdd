package io.sluice.runtime;

import io.sluice.api.Event;
import io.sluice.api.EventInterceptor;
import io.sluice.api.Interceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive per-event interceptors of a source run as one pass over the batch: each event goes
 * through all of them while it is in cache, instead of the batch being walked once per interceptor.
 * The result is the same as running them one after another. Built by {@link InterceptorFusion}.
 * Thread-safe if its members are.
 */
final class FusedEventInterceptors implements Interceptor {
    private final EventInterceptor[] members;

    FusedEventInterceptors(List<EventInterceptor> members) {
        this.members = members.toArray(new EventInterceptor[0]);
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        List<Event> kept = null;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            boolean keep = true;
            for (EventInterceptor m : members) {
                if (!m.intercept(e)) {
                    keep = false;
                    break;
                }
            }
            if (!keep && kept == null) {
                kept = new ArrayList<>(events.subList(0, i));
            } else if (keep && kept != null) {
                kept.add(e);
            }
        }
        return kept == null ? events : kept;
    }
}
