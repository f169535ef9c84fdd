package io.sluice.runtime;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.runtime.routing.DefaultSinkProcessor;
import io.sluice.runtime.routing.ReplicatingSelector;
import java.util.List;

/** The component types the runtime itself provides: selectors and sink processors. */
public final class RuntimeComponents implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(ReplicatingSelector.SPEC, DefaultSinkProcessor.SPEC);
    }
}
