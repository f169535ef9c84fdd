package io.sluice.sources.avro;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.SourceContext;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.Specs;
import java.util.HashMap;
import java.util.Map;

/** Builds Avro sources on a free loopback port for tests. */
final class AvroSources {
    private AvroSources() {
    }

    static AvroSource start(ChannelProcessor processor, SourceCounter counter, int maxBatch, String... keyValues)
            throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("bind", "127.0.0.1");
        raw.put("port", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        AvroSource source = new AvroSource(new SourceContext("r1", Specs.settings(AvroSource.SPEC, raw), processor,
                counter, maxBatch));
        source.start();
        return source;
    }
}
