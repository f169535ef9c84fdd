package io.sluice.runtime.metrics;

import io.sluice.api.metrics.CounterGroup;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The counter groups of the running components, keyed {@code TYPE.name} as Flume's JSON is. Thread-safe. */
public final class MetricsRegistry {
    private final Map<String, CounterGroup> groups = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Told of every group as it comes and goes (a reporter other than the JSON endpoint, e.g. JMX). */
    public interface Listener {
        void registered(CounterGroup group);

        void unregistered(CounterGroup group);
    }

    /** Adds a listener and tells it of the groups already registered. */
    public void addListener(Listener listener) {
        listeners.add(listener);
        groups.values().forEach(listener::registered);
    }

    public void register(CounterGroup group) {
        groups.put(key(group), group);
        listeners.forEach(l -> l.registered(group));
    }

    /** Removes a group, but only if it is still the one registered (a replacement may have taken its key). */
    public void unregister(CounterGroup group) {
        if (groups.remove(key(group), group)) {
            listeners.forEach(l -> l.unregistered(group));
        }
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
