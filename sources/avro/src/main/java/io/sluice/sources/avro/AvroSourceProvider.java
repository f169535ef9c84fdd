package io.sluice.sources.avro;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes the {@code avro} source known to the runtime (registered for {@link java.util.ServiceLoader}). */
public final class AvroSourceProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(AvroSource.SPEC);
    }
}
