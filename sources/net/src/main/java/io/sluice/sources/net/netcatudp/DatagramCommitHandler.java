package io.sluice.sources.net.netcatudp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each {@link DatagramBatch} into the channels in transactions of at most {@code maxBatchSize}
 * events. UDP cannot answer, so a refused transaction is dropped and logged (rate-limited); the
 * channel processor counts it as ChannelWriteFail. Any other exception is counted as
 * GenericProcessingFail and the source goes on with the next datagrams.
 *
 * <p>Thread model: runs on the source's single commit thread, off the event loop, because the
 * channel processor may block.
 */
@ChannelHandler.Sharable
final class DatagramCommitHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramCommitHandler.class);

    private final String sourceName;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int maxBatchSize;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    DatagramCommitHandler(String sourceName, ChannelProcessor processor, SourceCounter counter, int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        this.sourceName = sourceName;
        this.processor = processor;
        this.counter = counter;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramBatch batch)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            List<Event> events = batch.events();
            for (int from = 0; from < events.size(); from += maxBatchSize) {
                List<Event> part = events.subList(from, Math.min(events.size(), from + maxBatchSize));
                try {
                    processor.process(part);
                } catch (ChannelException e) {
                    refusals.warn("netcatudp source {}: channel refused {} events; they are dropped: {}", sourceName,
                            part.size(), e.getMessage());
                } catch (RuntimeException | Error e) {
                    counter.incrementGenericProcessingFail();
                    failures.error("netcatudp source {}: unexpected error putting {} events; they are dropped",
                            sourceName, part.size(), e);
                }
            }
        } finally {
            batch.decoder().committed();
        }
    }
}
