package io.sluice.sinks.hbase;

import io.sluice.runtime.Agent;
import io.sluice.runtime.RuntimeSettings;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.metrics.MetricsRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent process of the crash test: runs {@code args[1]} from config file {@code args[0]} on the
 * runtime, prints STARTED once it serves and runs until killed. A process of its own so kill -9
 * is real; it runs on the test class path, where the HBase client is the unshaded one.
 */
public final class CrashTestAgent {
    private CrashTestAgent() {
    }

    public static void main(String[] args) throws Exception {
        PlanBuilder.Result r = PlanBuilder.build(args[1],
                LoadedConfig.load(List.of(Path.of(args[0])), Map.of(), new Properties()), ComponentRegistry.load());
        if (!r.ok()) {
            System.out.println("INVALID " + r.problems());
            System.exit(2);
        }
        Agent agent = new Agent(new MetricsRegistry(), RuntimeSettings.load());
        agent.start(r.plan());
        System.out.println("STARTED");
        Thread.sleep(Long.MAX_VALUE);
    }
}
