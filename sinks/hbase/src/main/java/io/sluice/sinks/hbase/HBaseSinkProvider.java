package io.sluice.sinks.hbase;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes the {@code hbase} and {@code hbase2} sinks known to the runtime without loading any HBase class. Stateless. */
public final class HBaseSinkProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(HBaseSink.SPEC, HBaseSink.HBASE2_SPEC);
    }
}
