package io.sluice.api.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component's counters, named as Flume names them so existing dashboards keep working (spec
 * §11). Counters are updated by any thread without locks; {@link #snapshot()} reads them for the
 * metrics endpoint. {@link #start()} resets every counter and stamps StartTime, as Flume does.
 */
public abstract class CounterGroup {

    /** The group types Flume reports; the JSON key is {@code TYPE.name}. */
    public enum Type { SOURCE, CHANNEL, SINK }

    private final Type type;
    private final String name;
    private volatile long startTime;
    private volatile long stopTime;

    protected CounterGroup(Type type, String name) {
        this.type = type;
        this.name = name;
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public void start() {
        reset();
        stopTime = 0;
        startTime = System.currentTimeMillis();
    }

    public void stop() {
        stopTime = System.currentTimeMillis();
    }

    /** Every attribute as Flume's MBean shows it, in Flume's order, {@code Type} first. */
    public final Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Type", type.name());
        addAttributes(out);
        out.put("StartTime", startTime);
        out.put("StopTime", stopTime);
        return out;
    }

    protected abstract void addAttributes(Map<String, Object> out);

    protected abstract void reset();
}
