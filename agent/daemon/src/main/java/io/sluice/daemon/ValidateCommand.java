package io.sluice.daemon;

import io.sluice.runtime.config.AgentPlan;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.PlanBuilder;

/**
 * {@code agent validate}: everything the agent checks before it starts, without starting anything.
 * Prints every problem as file:line and exits 0 when the config would start, 2 when it would not.
 */
final class ValidateCommand {
    private ValidateCommand() {
    }

    static int run(String[] args) throws AgentOptions.UsageException {
        AgentOptions options = AgentOptions.parse(args);
        PlanBuilder.Result result = ConfigCheck.run(options, ComponentRegistry.load(), System.out);
        if (!result.ok()) {
            System.out.println(options.confFiles().get(options.confFiles().size() - 1) + ": agent '" + options.name()
                    + "' is not valid: " + result.problems().errors().size() + " error(s), "
                    + result.problems().warnings().size() + " warning(s)");
            return Main.EXIT_CONFIG;
        }
        AgentPlan plan = result.plan();
        System.out.println(options.confFiles().get(options.confFiles().size() - 1) + ": agent '" + options.name()
                + "' is valid: " + plan.sources().size() + " source(s), " + plan.channels().size() + " channel(s), "
                + plan.sinks().size() + " sink(s), " + result.problems().warnings().size() + " warning(s)");
        return 0;
    }
}
