package io.sluice.sinks.basic;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes the {@code logger}, {@code null} and {@code file_roll} sinks known to the runtime. Stateless. */
public final class BasicSinksProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(LoggerSink.SPEC, NullSink.SPEC, RollingFileSink.SPEC);
    }
}
