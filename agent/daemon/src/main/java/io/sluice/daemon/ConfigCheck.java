package io.sluice.daemon;

import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.config.Problem;
import java.io.PrintStream;

/** Loads and validates the config named by the options, printing every problem. Shared by run and validate. */
final class ConfigCheck {
    private ConfigCheck() {
    }

    static PlanBuilder.Result run(AgentOptions options, ComponentRegistry registry, PrintStream out) {
        LoadedConfig config = LoadedConfig.load(options.confFiles(), System.getenv(), System.getProperties());
        PlanBuilder.Result result = PlanBuilder.build(options.name(), config, registry);
        for (Problem p : result.problems().sorted()) {
            out.println(p);
        }
        return result;
    }
}
