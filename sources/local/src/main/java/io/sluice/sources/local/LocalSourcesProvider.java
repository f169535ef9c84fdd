package io.sluice.sources.local;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.sources.local.exec.ExecSource;
import io.sluice.sources.local.spooldir.SpoolDirectorySource;
import io.sluice.sources.local.taildir.TaildirSource;
import java.util.List;

/** Makes this module's sources ({@code seq}, {@code exec}, {@code spooldir}, {@code taildir}) known to the runtime. Stateless. */
public final class LocalSourcesProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(SequenceGeneratorSource.SPEC, ExecSource.SPEC, SpoolDirectorySource.SPEC, TaildirSource.SPEC);
    }
}
