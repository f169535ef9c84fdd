package io.sluice.sources.net.netcatudp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each datagram into one event, as Flume's netcatudp does: the body is the datagram's bytes up
 * to the first {@code \n} (a {@code \r} before it is kept, nothing is decoded); bytes after that
 * newline are dropped, counted as EventReadFail and logged (rate-limited). With a header name set,
 * the sender's address ({@code /192.0.2.7:51234}) goes in that header.
 *
 * <p>The datagrams of one read loop go on together as one {@link DatagramBatch}. While a batch is
 * being committed the socket is not read ({@code setAutoRead(false)}): datagrams wait in the
 * kernel's receive buffer, which drops what does not fit, as any UDP receiver must.
 *
 * <p>Thread model: runs on the channel's event loop, except {@link #committed()}, which any thread
 * may call. One instance per socket.
 */
final class DatagramEventDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramEventDecoder.class);
    private static final byte LF = '\n';

    private final String sourceName;
    private final String addressHeader;
    private final SourceCounter counter;
    private final RateLimitedLog trailing = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog errors = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final Runnable resumeTask = this::resumeAfterCommit;

    private ChannelHandlerContext ctx;
    private List<Event> pending;
    private boolean inFlight;

    DatagramEventDecoder(String sourceName, String addressHeader, SourceCounter counter) {
        this.sourceName = sourceName;
        this.addressHeader = addressHeader;
        this.counter = counter;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (pending == null) {
                pending = new ArrayList<>();
            }
            pending.add(toEvent(packet));
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!inFlight && pending != null) {
            dispatch();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram socket has no peer to lose: log and keep receiving.
        errors.warn("netcatudp source {}: receive failed", sourceName, cause);
    }

    /** Called by the commit handler when a batch is done; resumes reading on the event loop. Thread-safe. */
    void committed() {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            resumeAfterCommit();
        } else {
            try {
                loop.execute(resumeTask);
            } catch (RejectedExecutionException e) {
                // Stopping: nothing left to resume.
            }
        }
    }

    private Event toEvent(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int r = content.readerIndex();
        int w = content.writerIndex();
        int nl = content.indexOf(r, w, LF);
        int end = nl < 0 ? w : nl;
        byte[] body = new byte[end - r];
        content.getBytes(r, body);
        if (nl >= 0 && nl + 1 < w) {
            counter.incrementEventReadFail();
            trailing.warn("netcatudp source {}: dropped {} bytes after the first newline of a datagram from {}",
                    sourceName, w - nl - 1, packet.sender());
        }
        Event event = Event.of(body);
        if (addressHeader != null) {
            event.putHeader(addressHeader, String.valueOf(packet.sender()));
        }
        return event;
    }

    private void resumeAfterCommit() {
        inFlight = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (pending != null) {
            dispatch();
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void dispatch() {
        List<Event> events = pending;
        pending = null;
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(new DatagramBatch(events, this));
    }
}
