package io.sluice.runtime.metrics;

import io.sluice.api.metrics.CounterGroup;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The counter groups of the running components, keyed {@code TYPE.name} as Flume's JSON is. Thread-safe. */
public final class MetricsRegistry {
    private final Map<String, CounterGroup> groups = new ConcurrentHashMap<>();

    public void register(CounterGroup group) {
        groups.put(key(group), group);
    }

    /** Removes a group, but only if it is still the one registered (a replacement may have taken its key). */
    public void unregister(CounterGroup group) {
        groups.remove(key(group), group);
    }

    /** Every group's attributes, sorted by key. */
    public Map<String, Map<String, Object>> snapshot() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        groups.forEach((k, g) -> out.put(k, g.snapshot()));
        return out;
    }

    private static String key(CounterGroup g) {
        return g.type().name() + "." + g.name();
    }
}
