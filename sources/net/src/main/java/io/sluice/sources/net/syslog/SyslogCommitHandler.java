package io.sluice.sources.net.syslog;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every syslog pipeline: puts each {@link SyslogBatch} into the channels in
 * transactions of at most {@code batchSize} events. Syslog has no acknowledgement, so a refused
 * transaction is retried with a growing pause (10 ms doubling up to 1 s) for as long as the source
 * runs; the connection meanwhile reads nothing, so TCP senders are slowed down instead of losing
 * messages (Flume drops the batch). A batch still refused when the source stops is dropped and
 * logged. Any other failure (not a channel refusal) is counted as GenericProcessingFail, logged,
 * and the transaction is dropped, so one poisonous batch cannot stall the source.
 *
 * <p>Thread model: {@link #commit} runs on a commit executor thread, off the event loops, because the
 * channel processor and the pauses block. Each connection submits to one executor thread, keeping
 * its order. The pipeline itself holds no handler bound to that executor, so tearing a connection
 * down never needs a hop to it. Stateless between calls; one instance serves every connection.
 */
final class SyslogCommitHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogCommitHandler.class);
    static final long FIRST_PAUSE_MILLIS = 10;
    static final long MAX_PAUSE_MILLIS = 1_000;

    private final String sourceName;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int batchSize;
    private final BooleanSupplier running;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    SyslogCommitHandler(String sourceName, ChannelProcessor processor, SourceCounter counter, int batchSize,
                        BooleanSupplier running) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.sourceName = sourceName;
        this.processor = processor;
        this.counter = counter;
        this.batchSize = batchSize;
        this.running = running;
    }

    /** Puts the batch, then runs its done callback, whatever happens. */
    void commit(SyslogBatch batch) {
        try {
            List<Event> events = batch.events();
            for (int from = 0; from < events.size(); from += batchSize) {
                if (!put(events.subList(from, Math.min(events.size(), from + batchSize)))) {
                    LOG.warn("{} source stopping: dropped {} received messages the channel did not take", sourceName,
                            events.size() - from);
                    break;
                }
            }
        } finally {
            batch.done().run();
        }
    }

    /** True once the part is committed or given up for a reason other than the source stopping. */
    private boolean put(List<Event> part) {
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                processor.process(part);
                return true;
            } catch (ChannelException e) {
                if (!running.getAsBoolean()) {
                    return false;
                }
                refusals.warn("{} source: channel refused {} messages; retrying in {} ms, not reading meanwhile: {}",
                        sourceName, part.size(), pause, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            } catch (RuntimeException | Error e) {
                counter.incrementGenericProcessingFail();
                failures.error("{} source: unexpected error putting {} messages; they are dropped", sourceName,
                        part.size(), e);
                return true;
            }
        }
    }
}
