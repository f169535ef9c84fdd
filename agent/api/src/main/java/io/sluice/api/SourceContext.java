package io.sluice.api;

import io.sluice.api.config.Settings;
import io.sluice.api.metrics.SourceCounter;

/**
 * What a source is built from: its name, validated settings, where to hand events, and its
 * counters. The channel processor already counts EventReceived/EventAccepted/ChannelWriteFail;
 * a source counts what only it can see (connections, appends, read failures).
 */
public record SourceContext(String name, Settings settings, ChannelProcessor channelProcessor, SourceCounter counter) {
}
