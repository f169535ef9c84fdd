package io.sluice.channels.memory;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes the {@code memory} channel known to the runtime's ServiceLoader lookup. Stateless. */
public final class MemoryChannelProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(MemoryChannel.SPEC);
    }
}
