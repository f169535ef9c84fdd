package io.sluice.sources.avro;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.BatchLimitException;
import io.sluice.rpc.MalformedRpcException;
import io.sluice.rpc.RpcFrame;
import io.sluice.rpc.ServerSession;
import java.util.List;

/**
 * Last handler of an Avro connection: answers each call frame (spec §3.6). {@code append} and
 * {@code appendBatch} go through the channel processor and are answered {@code OK} only after every
 * required channel committed, {@code FAILED} when a channel refused them (as in Flume, with several
 * required channels one may already hold the batch, and a resend duplicates it there) or the batch is
 * larger than the channels take in one transaction. A malformed call is
 * answered with an Avro error naming the problem, counted as EventReadFail and the connection
 * closed; so is a frame the decoder refused. Calls arriving while the source stops are answered
 * FAILED without being processed, so a sender never loses an acknowledged batch to a stop.
 *
 * <p>Runs on the connection's commit thread, never an event loop, because the channel processor may
 * block. One instance per connection (it holds the connection's handshake state); calls of one
 * connection are answered in order.
 */
final class AvroCallHandler extends ChannelInboundHandlerAdapter {
    private final AvroSourceState source;
    private final ServerSession session;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final int maxBatchEvents;

    AvroCallHandler(AvroSourceState source, ChannelProcessor processor, SourceCounter counter, int maxBatchEvents) {
        this.source = source;
        this.session = new ServerSession(source.knownProtocols());
        this.processor = processor;
        this.counter = counter;
        this.maxBatchEvents = maxBatchEvents;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RpcFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf reply = RpcFrame.allocate(ctx.alloc(), 64);
        boolean close = false;
        try {
            ServerSession.Call call = session.read(frame.payload(), reply, maxBatchEvents);
            switch (call.kind()) {
                case HANDSHAKE_ONLY -> {
                }
                case APPEND -> {
                    counter.incrementAppendReceived();
                    boolean ok = put(ctx, call.events());
                    if (ok) {
                        counter.incrementAppendAccepted();
                    }
                    ServerSession.writeStatus(reply, ok);
                }
                case APPEND_BATCH -> {
                    counter.incrementAppendBatchReceived();
                    boolean ok = put(ctx, call.events());
                    if (ok) {
                        counter.incrementAppendBatchAccepted();
                    }
                    ServerSession.writeStatus(reply, ok);
                }
            }
        } catch (BatchLimitException e) {
            counter.incrementAppendBatchReceived();
            counter.incrementChannelWriteFail();
            source.refusals().warn("avro source {}: answered FAILED to {}: {}", source.name(),
                    ctx.channel().remoteAddress(), e.getMessage());
            ServerSession.writeStatus(reply, false);
        } catch (MalformedRpcException e) {
            counter.incrementEventReadFail();
            source.badInput().warn("avro source {}: closing connection from {}: malformed call: {}", source.name(),
                    ctx.channel().remoteAddress(), e.getMessage());
            ServerSession.writeError(reply, "malformed call: " + e.getMessage());
            close = true;
        } finally {
            frame.payload().release();
            source.callDone();
        }
        var written = ctx.writeAndFlush(RpcFrame.seal(reply, frame.serial()));
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            AvroSourceInitializer.resumeReading(ctx.channel());
        }
    }

    private boolean put(ChannelHandlerContext ctx, List<Event> events) {
        if (source.stopping()) {
            return false;
        }
        if (events.isEmpty()) {
            return true;
        }
        try {
            processor.process(events);
            return true;
        } catch (ChannelException e) {
            source.refusals().warn("avro source {}: channel refused {} events from {}: {}", source.name(),
                    events.size(), ctx.channel().remoteAddress(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            counter.incrementGenericProcessingFail();
            source.refusals().error("avro source {}: unexpected error putting {} events from {}", source.name(),
                    events.size(), ctx.channel().remoteAddress(), e);
            return false;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            counter.incrementEventReadFail();
            source.badInput().warn("avro source {}: closing connection from {}: {}", source.name(),
                    ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            source.badInput().warn("avro source {}: closing connection from {} after {}", source.name(),
                    ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
