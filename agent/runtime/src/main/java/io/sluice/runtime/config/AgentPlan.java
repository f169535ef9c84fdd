package io.sluice.runtime.config;

import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.Settings;
import io.sluice.runtime.routing.ChannelSelector;
import io.sluice.runtime.routing.SelectorContext;
import io.sluice.runtime.routing.SinkProcessor;
import io.sluice.runtime.routing.SinkProcessorContext;
import java.util.List;

/**
 * A validated agent: every component with its spec and parsed settings, and how they are wired.
 * Immutable; only {@link PlanBuilder} makes one, and only when the config had no error. Two plans
 * of one registry compare equal component by component, which is how reload finds what changed.
 */
public record AgentPlan(String agent, List<ChannelPlan> channels, List<SourcePlan> sources, List<SinkPlan> sinks,
                        List<SinkGroupPlan> sinkGroups) {

    public record ChannelPlan(String name, ComponentSpec<ChannelContext, Channel> spec, Settings settings) {
    }

    public record SourcePlan(String name, ComponentSpec<SourceContext, Source> spec, Settings settings,
                             List<String> channels, SelectorPlan selector, List<InterceptorPlan> interceptors,
                             int maxBatchSize) {
    }

    public record SelectorPlan(ComponentSpec<SelectorContext, ChannelSelector> spec, Settings settings) {
    }

    public record InterceptorPlan(String name, ComponentSpec<InterceptorContext, Interceptor> spec, Settings settings) {
    }

    public record SinkPlan(String name, ComponentSpec<SinkContext, Sink> spec, Settings settings, String channel,
                           int maxBatchSize) {
    }

    /** A sink group, or the implicit one-sink group every ungrouped sink runs in ({@code implicit} true). */
    public record SinkGroupPlan(String name, List<String> sinks, ComponentSpec<SinkProcessorContext, SinkProcessor> spec,
                                Settings settings, boolean implicit) {
    }

    public ChannelPlan channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    public SinkPlan sink(String name) {
        return sinks.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
