package io.sluice.api;

import io.sluice.api.config.Settings;
import io.sluice.api.metrics.SourceCounter;

/**
 * What a source is built from: its name, validated settings, where to hand events, its counters,
 * and the largest batch its channels accept in one transaction (the smallest transactionCapacity
 * among them). A source that has no batch-size key of its own (netcat, say) splits what it reads
 * into batches of at most {@code maxBatchSize}; one with such a key was already validated against it.
 *
 * <p>The channel processor counts EventReceived, EventAccepted and ChannelWriteFail; a source counts
 * what only it can see (connections, appends, read failures).
 */
public record SourceContext(String name, Settings settings, ChannelProcessor channelProcessor, SourceCounter counter,
                            int maxBatchSize) {
}
