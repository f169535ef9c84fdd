package io.sluice.testkit;

import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Event fixtures and readers for assertions. */
public final class TestEvents {
    private TestEvents() {
    }

    /** {@code n} events with bodies {@code prefix-0 … prefix-(n-1)}. */
    public static List<Event> numbered(String prefix, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Event.ofString(prefix + "-" + i));
        }
        return out;
    }

    /** The same bodies {@link #numbered} makes, as strings. */
    public static List<String> numberedBodies(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    public static String body(Event e) {
        return new String(e.body(), StandardCharsets.UTF_8);
    }

    public static List<String> bodies(List<Event> events) {
        List<String> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(body(e));
        }
        return out;
    }
}
