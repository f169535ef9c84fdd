package io.sluice.runtime;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.runtime.interceptors.HostInterceptor;
import io.sluice.runtime.interceptors.RegexExtractorInterceptor;
import io.sluice.runtime.interceptors.RegexFilterInterceptor;
import io.sluice.runtime.interceptors.RemoveHeaderInterceptor;
import io.sluice.runtime.interceptors.SearchReplaceInterceptor;
import io.sluice.runtime.interceptors.StaticInterceptor;
import io.sluice.runtime.interceptors.TimestampInterceptor;
import io.sluice.runtime.interceptors.UuidInterceptor;
import io.sluice.runtime.routing.DefaultSinkProcessor;
import io.sluice.runtime.routing.FailoverSinkProcessor;
import io.sluice.runtime.routing.LoadBalancingSelector;
import io.sluice.runtime.routing.LoadBalancingSinkProcessor;
import io.sluice.runtime.routing.MultiplexingSelector;
import io.sluice.runtime.routing.ReplicatingSelector;
import java.util.List;

/** The component types the runtime itself provides: interceptors, channel selectors and sink processors. */
public final class RuntimeComponents implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(ReplicatingSelector.SPEC, MultiplexingSelector.SPEC, LoadBalancingSelector.SPEC,
                DefaultSinkProcessor.SPEC, FailoverSinkProcessor.SPEC, LoadBalancingSinkProcessor.SPEC,
                TimestampInterceptor.SPEC, HostInterceptor.SPEC, StaticInterceptor.SPEC, RemoveHeaderInterceptor.SPEC,
                UuidInterceptor.SPEC, SearchReplaceInterceptor.SPEC, RegexFilterInterceptor.SPEC,
                RegexExtractorInterceptor.SPEC);
    }
}
