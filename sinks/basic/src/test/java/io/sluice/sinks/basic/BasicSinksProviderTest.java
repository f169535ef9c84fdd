package io.sluice.sinks.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.Kind;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BasicSinksProviderTest {

    @Test
    void serviceLoaderFindsTheThreeSinksUnderFlumesAliasesAndClassNames() {
        Map<String, String> found = new TreeMap<>();
        for (ComponentProvider provider : ServiceLoader.load(ComponentProvider.class)) {
            for (ComponentSpec<?, ?> spec : provider.components()) {
                assertEquals(Kind.SINK, spec.kind());
                found.put(spec.alias(), String.join(",", spec.classNames()));
            }
        }
        assertEquals(Map.of(
                "file_roll", "org.apache.flume.sink.RollingFileSink",
                "logger", "org.apache.flume.sink.LoggerSink",
                "null", "org.apache.flume.sink.NullSink"), found);
    }
}
