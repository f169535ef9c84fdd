package io.sluice.sinks.basic;

import io.sluice.api.BatchSink;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
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
 * The {@code logger} sink (spec §8.1): logs every event at INFO as
 * {@code Event: { headers:{k=v} body: <hex dump> }}, for debugging and tests.
 *
 * <p>Event lines go to the category {@code org.apache.flume.sink.LoggerSink}, Flume's, so log
 * filters and scripts written for Flume's output keep matching. If INFO is off for that category
 * the events are still consumed, as in Flume. Where Flume takes one event per transaction, this
 * sink takes up to the channel's transactionCapacity (at most {@value #MAX_BATCH}).
 *
 * <p>Not thread-safe: {@code process()} is called by one runner thread at a time; the sink holds no
 * resources, so {@code stop()} has nothing to release.
 */
public final class LoggerSink extends BatchSink {

    static final int MAX_BATCH = 100;

    /** Flume reads the events through this category; keep it so existing log configs still apply. */
    private static final Logger EVENTS = LoggerFactory.getLogger("org.apache.flume.sink.LoggerSink");

    public static final ConfigKey<Integer> MAX_BYTES_TO_LOG = ConfigKey.integer("maxBytesToLog")
            .defaultValue(16).check(Check.atLeast(0))
            .doc("Most body bytes rendered per event, as hex and text; 0 logs the headers only.");

    public static final ComponentSpec<SinkContext, Sink> SPEC = ComponentSpec
            .<SinkContext, Sink>builder(Kind.SINK, "logger", LoggerSink::new)
            .flumeClass("org.apache.flume.sink.LoggerSink")
            .doc("Logs each event's headers and the start of its body at INFO. For testing and debugging.")
            .keys(MAX_BYTES_TO_LOG)
            .build();

    private final int maxBytesToLog;

    public LoggerSink(SinkContext ctx) {
        super("logger", ctx, Math.max(1, Math.min(ctx.maxBatchSize(), MAX_BATCH)));
        this.maxBytesToLog = ctx.settings().get(MAX_BYTES_TO_LOG);
    }

    @Override
    protected void deliver(List<Event> events) throws EventDeliveryException {
        if (!EVENTS.isInfoEnabled()) {
            return;
        }
        try {
            for (Event e : events) {
                EVENTS.info("Event: {}", EventDump.dump(e, maxBytesToLog));
            }
        } catch (RuntimeException e) {
            counter.incrementEventWriteFail();
            throw new EventDeliveryException("Logger sink " + name + " failed to log an event: " + e, e);
        }
    }
}
