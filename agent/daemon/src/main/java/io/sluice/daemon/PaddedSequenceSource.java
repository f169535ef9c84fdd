package io.sluice.daemon;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.Status;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's {@code seq} with fixed-size events: bodies are the numbers 0, 1, 2, … as decimal
 * text, left-padded with zeros to {@code bodyBytes}. Registered only in the benchmark's own
 * registry (type {@code bench-seq}), never in the agent's. Like seq, a refused batch is offered
 * again with the same numbers. Not thread-safe: polled by one runner thread.
 */
final class PaddedSequenceSource implements PollableSource {

    static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(1000)
            .check(Check.atLeast(1)).doc("Events per transaction.");
    static final ConfigKey<Long> TOTAL_EVENTS = ConfigKey.longKey("totalEvents").defaultValue(Long.MAX_VALUE)
            .check(Check.atLeast(0L)).doc("How many events to emit.");
    static final ConfigKey<Integer> BODY_BYTES = ConfigKey.integer("bodyBytes").defaultValue(100)
            .check(Check.between(19, 1 << 20)).doc("Bytes per event body.");

    static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .source("bench-seq", PaddedSequenceSource::new)
            .doc("Benchmark only: seq with bodies of a fixed size.")
            .batchSize(BATCH_SIZE)
            .keys(TOTAL_EVENTS, BODY_BYTES)
            .build();

    private final ChannelProcessor processor;
    private final int batchSize;
    private final long total;
    private final int bodyBytes;
    private long next;

    PaddedSequenceSource(SourceContext ctx) {
        this.processor = ctx.channelProcessor();
        this.batchSize = ctx.settings().get(BATCH_SIZE);
        this.total = ctx.settings().get(TOTAL_EVENTS);
        this.bodyBytes = ctx.settings().get(BODY_BYTES);
    }

    @Override
    public Status poll() {
        int n = (int) Math.min(batchSize, total - next);
        if (n <= 0) {
            return Status.BACKOFF;
        }
        List<Event> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Event.of(body(next + i)));
        }
        try {
            processor.process(batch);
        } catch (ChannelException e) {
            return Status.BACKOFF;
        }
        next += n;
        return Status.READY;
    }

    private byte[] body(long value) {
        byte[] b = new byte[bodyBytes];
        Arrays.fill(b, (byte) '0');
        long v = value;
        for (int i = bodyBytes - 1; v != 0; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return b;
    }

    @Override
    public long backoffSleepIncrementMillis() {
        return 1;
    }

    @Override
    public long maxBackoffSleepMillis() {
        return 10;
    }
}
