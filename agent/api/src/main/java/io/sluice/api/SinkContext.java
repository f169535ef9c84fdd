package io.sluice.api;

import io.sluice.api.config.Settings;
import io.sluice.api.metrics.SinkCounter;

/** What a sink is built from: its name, validated settings, the channel it drains, and its counters. */
public record SinkContext(String name, Settings settings, Channel channel, SinkCounter counter) {
}
