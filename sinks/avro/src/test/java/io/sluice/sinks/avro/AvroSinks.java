package io.sluice.sinks.avro;

import io.sluice.api.ChannelContext;
import io.sluice.api.SinkContext;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.channels.memory.MemoryChannel;
import io.sluice.testkit.Specs;
import java.util.HashMap;
import java.util.Map;

/** Builds memory channels and Avro sinks for tests, validated as the runtime would. */
final class AvroSinks {
    private AvroSinks() {
    }

    static MemoryChannel channel(int capacity, int transactionCapacity) {
        MemoryChannel c = new MemoryChannel(new ChannelContext("c1", Specs.settings(MemoryChannel.SPEC,
                Map.of("capacity", Integer.toString(capacity), "transactionCapacity", Integer.toString(transactionCapacity),
                        "keep-alive", "1")), new ChannelCounter("c1")));
        c.start();
        return c;
    }

    static AvroSink sink(MemoryChannel channel, SinkCounter counter, int port, String... keyValues) throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("hostname", "127.0.0.1");
        raw.put("port", Integer.toString(port));
        raw.put("connect-timeout", "2000");
        raw.put("request-timeout", "2000");
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        counter.start();
        AvroSink sink = new AvroSink(new SinkContext("k1", Specs.settings(AvroSink.SPEC, raw), channel, counter, 1000));
        sink.start();
        return sink;
    }
}
