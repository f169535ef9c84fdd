package io.sluice.api;

import io.sluice.api.config.Settings;

/** What an interceptor is built from: its name within its source, and its validated settings. */
public record InterceptorContext(String sourceName, String name, Settings settings) {
}
