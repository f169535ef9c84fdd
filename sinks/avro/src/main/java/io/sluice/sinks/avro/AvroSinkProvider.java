package io.sluice.sinks.avro;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes the {@code avro} sink known to the runtime (registered for {@link java.util.ServiceLoader}). */
public final class AvroSinkProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(AvroSink.SPEC);
    }
}
