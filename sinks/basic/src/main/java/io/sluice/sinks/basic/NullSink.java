package io.sluice.sinks.basic;

import io.sluice.api.BatchSink;
import io.sluice.api.Event;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code null} sink (spec §8.2): takes batches of up to {@code batchSize} events and discards
 * them. Used to measure sources and channels, and as the benchmark's far end.
 *
 * <p>Unlike Flume's, it maintains the standard sink counters (Batch{Empty,Underflow,Complete},
 * EventDrain{Attempt,Success}) and counts only events actually taken, so its progress line
 * {@code Null sink <name> successful processed <n> events.} is exact; it is logged whenever the
 * committed total passes a multiple of {@code logEveryNEvents}.
 *
 * <p>Not thread-safe: {@code process()} is called by one runner thread at a time.
 */
public final class NullSink extends BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(NullSink.class);

    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize")
            .defaultValue(100).check(Check.atLeast(1))
            .doc("Most events taken per channel transaction; at most the channel's transactionCapacity.");

    public static final ConfigKey<Integer> LOG_EVERY_N_EVENTS = ConfigKey.integer("logEveryNEvents")
            .defaultValue(10000).check(Check.atLeast(1))
            .doc("Log an INFO progress line each time this many more events have been discarded.");

    public static final ComponentSpec<SinkContext, Sink> SPEC = ComponentSpec
            .<SinkContext, Sink>builder(Kind.SINK, "null", NullSink::new)
            .flumeClass("org.apache.flume.sink.NullSink")
            .doc("Takes events from the channel and discards them.")
            .batchSize(BATCH_SIZE)
            .keys(LOG_EVERY_N_EVENTS)
            .build();

    private final long logEvery;
    // Written by the runner thread only; volatile so stop() on another thread logs the final count.
    private volatile long discarded;

    public NullSink(SinkContext ctx) {
        super("null", ctx, ctx.settings().get(BATCH_SIZE));
        this.logEvery = ctx.settings().get(LOG_EVERY_N_EVENTS);
    }

    @Override
    protected void deliver(List<Event> events) {
    }

    @Override
    protected void delivered(int events) {
        long before = discarded;
        discarded += events;
        if (before / logEvery != discarded / logEvery) {
            LOG.info("Null sink {} successful processed {} events.", name, discarded);
        }
    }

    @Override
    public void stop() {
        LOG.info("Null sink {} stopped after discarding {} events.", name, discarded);
    }

    /** Events discarded and committed since this sink was built. */
    long discarded() {
        return discarded;
    }
}
