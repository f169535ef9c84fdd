package io.sluice.api;

import io.sluice.api.config.Settings;
import io.sluice.api.metrics.ChannelCounter;

/** What a channel is built from: its name, validated settings and its counters. */
public record ChannelContext(String name, Settings settings, ChannelCounter counter) {
}
