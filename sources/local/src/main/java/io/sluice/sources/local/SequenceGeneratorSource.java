package io.sluice.sources.local;

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
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.api.metrics.SourceCounter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code seq} source (spec §4.4): emits events whose bodies are the ASCII decimal numbers
 * {@code 0, 1, 2, …} ({@code totalEvents} of them), without headers, in batches of
 * {@code batchSize}. Used for tests and benchmarks.
 *
 * <p>The counter advances only once the channel processor accepted a batch; a refused batch is
 * offered again with the same numbers, so every number reaches the channels once. (With several
 * required channels, one that committed before another refused keeps a duplicate; see
 * {@link ChannelProcessor}.) After a refusal the poll returns BACKOFF, where Flume returns READY
 * and spins on a full channel. After the last event every poll returns BACKOFF.
 *
 * <p>Counters: the channel processor counts EventReceived, EventAccepted and ChannelWriteFail;
 * this source counts AppendBatchAccepted per accepted batch when {@code batchSize > 1}, as Flume does.
 *
 * <p>Not thread-safe: {@code poll()} is called by the one runner thread.
 */
public final class SequenceGeneratorSource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceGeneratorSource.class);

    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize")
            .defaultValue(1).check(Check.atLeast(1))
            .doc("Events handed to the channels per poll, in one transaction per channel.");

    public static final ConfigKey<Long> TOTAL_EVENTS = ConfigKey.longKey("totalEvents")
            .defaultValue(Long.MAX_VALUE).check(Check.atLeast(0L))
            .doc("How many events to emit (bodies 0 to totalEvents - 1); then the source idles.");

    public static final ConfigKey<Long> BACKOFF_SLEEP_INCREMENT = ConfigKey.longKey("backoffSleepIncrement")
            .defaultValue(1000L).check(Check.atLeast(1L))
            .doc("Milliseconds added to the runner's sleep after each consecutive poll with nothing done.");

    public static final ConfigKey<Long> MAX_BACKOFF_SLEEP = ConfigKey.longKey("maxBackoffSleep")
            .defaultValue(5000L).check(Check.atLeast(1L))
            .doc("Longest sleep of the runner between polls with nothing done, in milliseconds.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "seq", SequenceGeneratorSource::new)
            .flumeClass("org.apache.flume.source.SequenceGeneratorSource")
            .doc("Emits events whose bodies are the numbers 0, 1, 2, ... as text. For testing and benchmarks.")
            .batchSize(BATCH_SIZE)
            .keys(TOTAL_EVENTS, BACKOFF_SLEEP_INCREMENT, MAX_BACKOFF_SLEEP)
            .build();

    private final String name;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int batchSize;
    private final long totalEvents;
    private final long backoffIncrement;
    private final long maxBackoff;
    private final DecimalCounter digits = new DecimalCounter(0);
    private long next;
    private boolean finishedLogged;

    public SequenceGeneratorSource(SourceContext ctx) {
        Settings s = ctx.settings();
        this.name = ctx.name();
        this.processor = ctx.channelProcessor();
        this.counter = ctx.counter();
        this.batchSize = s.get(BATCH_SIZE);
        this.totalEvents = s.get(TOTAL_EVENTS);
        this.backoffIncrement = s.get(BACKOFF_SLEEP_INCREMENT);
        this.maxBackoff = s.get(MAX_BACKOFF_SLEEP);
    }

    @Override
    public Status poll() {
        long left = totalEvents - next;
        if (left <= 0) {
            if (!finishedLogged) {
                finishedLogged = true;
                LOG.info("Sequence source {} has emitted all {} events", name, totalEvents);
            }
            return Status.BACKOFF;
        }
        int n = (int) Math.min(batchSize, left);
        List<Event> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Event.of(digits.toBytes()));
            digits.increment();
        }
        try {
            processor.process(batch);
        } catch (RuntimeException e) {
            digits.set(next);
            if (e instanceof ChannelException) {
                LOG.debug("Sequence source {}: batch from {} refused, will retry: {}", name, next, e.getMessage());
                return Status.BACKOFF;
            }
            throw e;
        }
        next += n;
        if (batchSize > 1) {
            counter.incrementAppendBatchAccepted();
        }
        return Status.READY;
    }

    /** The next number to emit: how many events the channels accepted so far. */
    long emitted() {
        return next;
    }

    @Override
    public long backoffSleepIncrementMillis() {
        return backoffIncrement;
    }

    @Override
    public long maxBackoffSleepMillis() {
        return maxBackoff;
    }

    @Override
    public String toString() {
        return "SequenceGeneratorSource{" + name + "}";
    }
}
