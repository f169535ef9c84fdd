package io.sluice.sinks.basic;

import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.testkit.Specs;
import java.util.Map;

/** Builds sink contexts from raw config the way the runtime would, and reads counters by Flume name. */
final class SinkTests {
    private SinkTests() {
    }

    static SinkContext context(ComponentSpec<SinkContext, Sink> spec, TestChannel channel, Map<String, String> raw) {
        SinkCounter counter = new SinkCounter("k1");
        counter.start();
        return new SinkContext("k1", Specs.settings(spec, raw), channel, counter, 1000);
    }

    static long count(SinkContext ctx, String attribute) {
        Object value = ctx.counter().snapshot().get(attribute);
        if (value == null) {
            throw new AssertionError("no counter " + attribute);
        }
        return (Long) value;
    }
}
