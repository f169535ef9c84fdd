package io.sluice.channels.file;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import java.util.List;

/** Makes the {@code file} channel known to the runtime's ServiceLoader lookup. Stateless. */
public final class FileChannelProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(FileChannel.SPEC);
    }
}
