package io.sluice.sources.local;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes this module's sources ({@code seq}) known to the runtime. Stateless. */
public final class LocalSourcesProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(SequenceGeneratorSource.SPEC);
    }
}
