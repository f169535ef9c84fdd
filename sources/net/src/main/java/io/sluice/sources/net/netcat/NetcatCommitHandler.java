package io.sluice.sources.net.netcat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a netcat connection: puts each {@link LineBatch} into the channels, in
 * transactions of at most {@code maxBatchSize} events, and answers every line as Flume does:
 * {@code OK} once its transaction committed (only with {@code ack-every-event}),
 * {@code FAILED: <message>} when the channel refused it. All answers to one batch leave in one
 * write and one flush.
 *
 * <p>A {@link ChannelException} fails only its own transaction and the connection goes on; any other
 * exception (an interceptor bug, say) fails the transaction and closes the connection, since the
 * source can no longer tell what state the pipeline is in.
 *
 * <p>Thread model: runs on a commit executor, never on an event loop, because
 * {@link ChannelProcessor#process} may block (a full memory channel waits up to its keep-alive).
 * Each connection is pinned to one executor thread, which keeps its batches in order. Stateless
 * between calls, so one instance serves every connection of a source.
 */
@ChannelHandler.Sharable
final class NetcatCommitHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatCommitHandler.class);

    private final String sourceName;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int maxBatchSize;
    private final boolean ackEveryEvent;
    private final Charset replyCharset;
    private final byte[] ok;
    private final byte[] tooLong;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    NetcatCommitHandler(String sourceName, ChannelProcessor processor, SourceCounter counter, int maxBatchSize,
                        boolean ackEveryEvent, Charset replyCharset, int maxLineLength) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        this.sourceName = sourceName;
        this.processor = processor;
        this.counter = counter;
        this.maxBatchSize = maxBatchSize;
        this.ackEveryEvent = ackEveryEvent;
        this.replyCharset = replyCharset;
        this.ok = "OK\n".getBytes(replyCharset);
        this.tooLong = ("FAILED: Event exceeds the maximum length (" + maxLineLength + " chars, including newline)\n")
                .getBytes(replyCharset);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof LineBatch batch)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            commit(ctx, batch);
        } finally {
            batch.decoder().committed();
        }
    }

    private void commit(ChannelHandlerContext ctx, LineBatch batch) {
        List<Event> events = batch.events();
        ByteBuf replies = null;
        boolean close = batch.ending() != LineBatch.Ending.NONE;
        boolean failed = false;
        for (int from = 0; from < events.size() && !failed; from += maxBatchSize) {
            List<Event> part = events.subList(from, Math.min(events.size(), from + maxBatchSize));
            try {
                processor.process(part);
                if (ackEveryEvent) {
                    replies = append(ctx, replies, ok, part.size());
                }
            } catch (ChannelException e) {
                refusals.warn("netcat source {}: channel refused {} events from {}: {}", sourceName, part.size(),
                        ctx.channel().remoteAddress(), e.getMessage());
                replies = append(ctx, replies, failedLine(e), part.size());
            } catch (RuntimeException | Error e) {
                counter.incrementGenericProcessingFail();
                failures.error("netcat source {}: closing connection {} after an unexpected error putting {} events",
                        sourceName, ctx.channel().remoteAddress(), part.size(), e);
                replies = append(ctx, replies, failedLine(e), part.size());
                failed = true;
                close = true;
            }
        }
        if (batch.ending() == LineBatch.Ending.TOO_LONG && !failed) {
            replies = append(ctx, replies, tooLong, 1);
        }
        if (replies == null && !close) {
            return;
        }
        // An empty write still completes only after every earlier write, so closing waits for them.
        // The channel's promise notifies on the event loop, where the decoder's state lives.
        ChannelFuture written = ctx.writeAndFlush(replies != null ? replies : Unpooled.EMPTY_BUFFER,
                ctx.channel().newPromise());
        if (close) {
            NetcatLineDecoder decoder = batch.decoder();
            written.addListener(f -> decoder.closeGracefully());
        }
    }

    private byte[] failedLine(Throwable e) {
        return ("FAILED: " + e.getMessage() + "\n").getBytes(replyCharset);
    }

    private static ByteBuf append(ChannelHandlerContext ctx, ByteBuf replies, byte[] line, int times) {
        if (replies == null) {
            replies = ctx.alloc().buffer(line.length * times);
        }
        replies.ensureWritable(line.length * times);
        for (int i = 0; i < times; i++) {
            replies.writeBytes(line);
        }
        return replies;
    }
}
