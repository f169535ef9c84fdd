package io.sluice.runtime.routing;

import io.sluice.api.config.Settings;
import java.util.List;

/** What a channel selector is built from: its source, its {@code selector.*} settings, and the source's channels in file order. */
public record SelectorContext(String sourceName, Settings settings, List<String> channels) {
}
