package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.Agent;
import io.sluice.runtime.RuntimeSettings;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.metrics.MetricsRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Runs an agent from a config file inside the test JVM, with short timeouts, and reads its counters. */
final class InProcessAgent implements AutoCloseable {
    static final ComponentRegistry REGISTRY = ComponentRegistry.load();
    static final RuntimeSettings FAST = new RuntimeSettings(Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(200), false);

    final MetricsRegistry metrics = new MetricsRegistry();
    final Agent agent = new Agent(metrics, FAST);

    static PlanBuilder.Result plan(Path file, String name) {
        return PlanBuilder.build(name, LoadedConfig.load(List.of(file), Map.of(), new Properties()), REGISTRY);
    }

    static InProcessAgent start(Path file, String name) throws Exception {
        PlanBuilder.Result r = plan(file, name);
        assertTrue(r.ok(), () -> r.problems().sorted().toString());
        InProcessAgent a = new InProcessAgent();
        a.agent.start(r.plan());
        return a;
    }

    long counter(String group, String attribute) {
        Map<String, Object> g = metrics.snapshot().get(group);
        return g == null ? -1 : ((Number) g.get(attribute)).longValue();
    }

    @Override
    public void close() {
        agent.stop();
    }
}
