package io.sluice.sinks.hdfs;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/**
 * Makes the {@code hdfs} sink known to the runtime. Loading it (and the sink's spec) touches no
 * Hadoop class: Hadoop is loaded only when an hdfs sink is built. Stateless.
 */
public final class HdfsSinkProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(HdfsSink.SPEC);
    }
}
