package io.sluice.sources.net.netcat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a netcat connection: turns received bytes into events, one per line, and passes
 * them on as one {@link LineBatch} per socket read, so the commit handler can put a whole read in
 * one channel transaction.
 *
 * <p>Back-pressure: once a batch is passed on, the connection stops reading
 * ({@code setAutoRead(false)}) until the commit handler reports it done with {@link #committed()};
 * reading also waits while unsent replies are above the write-buffer high-water mark (a client that
 * never reads its {@code OK}s). So one connection holds at most one batch (at most
 * {@code maxBatchEvents} events and about {@code maxBatchBytes} body bytes), one read's leftover
 * bytes and one partial line, whatever the client sends and however slow the channel is.
 *
 * <p>Closing is graceful ({@link #closeGracefully()}): after the last reply the output is shut down
 * and input is read and dropped until the client closes or {@link #LINGER_MILLIS} pass. Closing a
 * socket with unread input makes the kernel send a reset, which can destroy replies (the FAILED line
 * for an over-long line) before the client reads them.
 *
 * <p>Thread model: every method runs on the connection's event loop except {@link #committed()},
 * which any thread may call. One instance per connection.
 */
final class NetcatLineDecoder extends ChannelInboundHandlerAdapter implements LineSplitter.LineSink {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatLineDecoder.class);
    static final long LINGER_MILLIS = 5_000;

    private final LineSplitter splitter;
    private final int maxBatchEvents;
    private final int maxBatchBytes;
    private final SourceCounter counter;
    private final RateLimitedLog problems;
    private final String sourceName;
    private final Runnable resumeTask = this::resumeAfterCommit;

    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private List<Event> pending;
    private long pendingBytes;
    private boolean inFlight;
    private boolean inputEnded;
    private boolean finished;
    private boolean awaitingWritability;
    private boolean lingering;
    private Future<?> lingerTimeout;

    NetcatLineDecoder(String sourceName, LineSplitter splitter, int maxBatchEvents, int maxBatchBytes,
                      SourceCounter counter, RateLimitedLog problems) {
        if (maxBatchEvents < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxBatchEvents + " events, "
                    + maxBatchBytes + " bytes");
        }
        this.sourceName = sourceName;
        this.splitter = splitter;
        this.maxBatchEvents = maxBatchEvents;
        this.maxBatchBytes = maxBatchBytes;
        this.counter = counter;
        this.problems = problems;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (finished || inputEnded) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        if (!inFlight) {
            decode();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // The end of a read loop: everything it brought goes to the channel together.
        if (!inFlight && !finished && hasPending()) {
            dispatch(LineBatch.Ending.NONE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (finished && lingering) {
                ctx.close();
                return;
            }
            inputEnded = true;
            if (!inFlight && !finished) {
                endOfInput();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownReadComplete) {
            return; // nothing downstream needs it, and passing it on costs a hop to the commit executor
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (awaitingWritability && ctx.channel().isWritable()) {
            awaitingWritability = false;
            if (!inFlight && !finished) {
                resumeReading();
            }
        }
        // Not passed on: the commit handler does not need it, and it would cost a hop to its executor.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished && (splitter.hasPartial() || cumulation != null)) {
            // Reset or closed mid-line without a clean end of input: the fragment is lost all the same.
            discardFragment();
        }
        finished = true;
        releaseCumulation();
        pending = null;
        if (lingerTimeout != null) {
            lingerTimeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("netcat source {}: connection {} failed: {}", sourceName, ctx.channel().remoteAddress(),
                    cause.toString());
        } else {
            problems.warn("netcat source {}: closing connection {} after an unexpected error", sourceName,
                    ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /**
     * Called by the commit handler once a batch is committed and its replies are written; resumes
     * this connection on its event loop. Thread-safe.
     */
    void committed() {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            resumeAfterCommit();
        } else {
            try {
                loop.execute(resumeTask);
            } catch (RejectedExecutionException e) {
                // The source is stopping and the event loop is gone: nothing left to resume.
            }
        }
    }

    /**
     * Ends the connection once every reply is written: shuts the output down, then drops input until
     * the client closes or {@link #LINGER_MILLIS} pass. Thread-safe: hops to the event loop.
     */
    void closeGracefully() {
        EventLoop loop = ctx.channel().eventLoop();
        if (!loop.inEventLoop()) {
            try {
                loop.execute(this::closeGracefully);
            } catch (RejectedExecutionException e) {
                ctx.channel().close();
            }
            return;
        }
        finished = true;
        releaseCumulation();
        pending = null;
        if (lingering) {
            return;
        }
        lingering = true;
        if (!(ctx.channel() instanceof DuplexChannel ch) || !ch.isActive() || ch.isInputShutdown()) {
            ctx.close();
            return;
        }
        ch.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            lingerTimeout = ch.eventLoop().schedule(() -> {
                ch.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            ch.config().setAutoRead(true);
        });
    }

    @Override
    public boolean accept(byte[] utf8Body) {
        if (pending == null) {
            pending = new ArrayList<>(Math.min(maxBatchEvents, 256));
        }
        pending.add(Event.of(utf8Body));
        pendingBytes += utf8Body.length;
        return pending.size() < maxBatchEvents && pendingBytes < maxBatchBytes;
    }

    private void decode() {
        LineSplitter.Result result = splitter.split(cumulation, this);
        if (!cumulation.isReadable()) {
            releaseCumulation();
        }
        switch (result) {
            case FULL -> dispatch(LineBatch.Ending.NONE);
            case TOO_LONG -> {
                counter.incrementEventReadFail();
                finish(LineBatch.Ending.TOO_LONG);
            }
            case INVALID -> {
                counter.incrementEventReadFail();
                problems.warn("netcat source {}: closing connection {}: input is not valid in the configured encoding",
                        sourceName, ctx.channel().remoteAddress());
                finish(LineBatch.Ending.INVALID_INPUT);
            }
            case NEED_INPUT -> {
                // Lines so far wait for the end of the read loop (or are sent by resumeAfterCommit).
            }
        }
    }

    private void resumeAfterCommit() {
        inFlight = false;
        if (finished || !ctx.channel().isActive()) {
            return;
        }
        if (cumulation != null) {
            decode();
            if (inFlight || finished) {
                return;
            }
        }
        if (hasPending()) {
            dispatch(LineBatch.Ending.NONE);
        } else if (inputEnded) {
            endOfInput();
        } else {
            resumeReading();
        }
    }

    private void resumeReading() {
        if (!ctx.channel().isWritable()) {
            awaitingWritability = true;
            return;
        }
        ctx.channel().config().setAutoRead(true);
    }

    private void endOfInput() {
        if (splitter.hasPartial() || cumulation != null) {
            discardFragment();
        }
        finish(LineBatch.Ending.END_OF_INPUT);
    }

    private void discardFragment() {
        counter.incrementEventReadFail();
        problems.warn("netcat source {}: connection {} ended inside a line; the unterminated fragment is discarded",
                sourceName, ctx.channel().remoteAddress());
    }

    private void finish(LineBatch.Ending ending) {
        finished = true;
        releaseCumulation();
        dispatch(ending);
    }

    private void dispatch(LineBatch.Ending ending) {
        List<Event> events = pending == null ? List.of() : pending;
        pending = null;
        pendingBytes = 0;
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(new LineBatch(events, ending, this));
    }

    private boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
