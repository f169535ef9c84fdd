package io.sluice.api;

import io.sluice.api.config.ComponentSpec;
import java.util.List;

/**
 * How a plugin module makes its component types known: list their specs, and register the
 * provider in {@code META-INF/services/io.sluice.api.ComponentProvider}. The runtime loads
 * providers with {@link java.util.ServiceLoader}.
 */
public interface ComponentProvider {
    List<ComponentSpec<?, ?>> components();
}
