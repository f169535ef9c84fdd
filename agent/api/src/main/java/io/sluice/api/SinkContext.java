package io.sluice.api;

import io.sluice.api.config.Settings;
import io.sluice.api.metrics.SinkCounter;

/**
 * What a sink is built from: its name, validated settings, the channel it drains, its counters,
 * and its channel's transactionCapacity ({@code maxBatchSize}): a sink without a batch-size key of
 * its own (logger, say) takes at most that many events per transaction.
 */
public record SinkContext(String name, Settings settings, Channel channel, SinkCounter counter, int maxBatchSize) {
}
