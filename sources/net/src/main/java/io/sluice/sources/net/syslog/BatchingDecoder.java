package io.sluice.sources.net.syslog;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Base of the syslog decoders: collects the events of one read and passes them on as one
 * {@link SyslogBatch}, then stops reading ({@code setAutoRead(false)}) until the commit handler
 * reports the batch done. So a connection or socket holds at most one batch in flight, one batch
 * being filled and whatever its subclass keeps of an unfinished message, and a full channel slows
 * the sender down through TCP flow control instead of filling memory.
 *
 * <p>Thread model: everything runs on the channel's event loop except the commit, which runs on the
 * connection's commit executor thread, and its {@code done} callback, which hops back. One instance
 * per connection or socket.
 */
abstract class BatchingDecoder extends ChannelInboundHandlerAdapter {
    private final SyslogCommitHandler committer;
    private final Executor executor;
    private final int maxBatchEvents;
    private final int maxBatchBytes;
    private final Runnable resumeTask = this::afterCommit;
    private final Runnable doneCallback = this::committed;

    protected ChannelHandlerContext ctx;
    private List<Event> pending;
    private long pendingBytes;
    private boolean inFlight;

    /** @param executor the one commit thread this connection's batches run on, in order */
    BatchingDecoder(SyslogCommitHandler committer, Executor executor, int maxBatchEvents, int maxBatchBytes) {
        if (maxBatchEvents < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxBatchEvents + " events, "
                    + maxBatchBytes + " bytes");
        }
        this.committer = committer;
        this.executor = executor;
        this.maxBatchEvents = maxBatchEvents;
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!inFlight && hasPending()) {
            dispatch();
        }
    }

    /** Adds an event to the batch being filled; false when the batch is full and should go now. */
    protected final boolean add(Event e) {
        if (pending == null) {
            pending = new ArrayList<>(Math.min(maxBatchEvents, 256));
        }
        pending.add(e);
        pendingBytes += e.body().length;
        return pending.size() < maxBatchEvents && pendingBytes < maxBatchBytes;
    }

    protected final boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    protected final boolean inFlight() {
        return inFlight;
    }

    /** Passes the batch on and stops reading until it is committed. */
    protected final void dispatch() {
        List<Event> events = pending == null ? List.of() : pending;
        pending = null;
        pendingBytes = 0;
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        SyslogBatch batch = new SyslogBatch(events, doneCallback);
        try {
            executor.execute(() -> committer.commit(batch));
        } catch (RejectedExecutionException e) {
            // The source is stopping: the batch was never acknowledged to anyone; the connection closes.
            ctx.close();
        }
    }

    protected final void dropPending() {
        pending = null;
        pendingBytes = 0;
    }

    /**
     * Runs on the event loop once the last batch is done: decode what is buffered, dispatch, or
     * resume reading. Subclasses call {@link #resumeReading()} when they have nothing more to do.
     */
    protected abstract void resume();

    protected void resumeReading() {
        ctx.channel().config().setAutoRead(true);
    }

    private void committed() {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            afterCommit();
        } else {
            try {
                loop.execute(resumeTask);
            } catch (RejectedExecutionException e) {
                // The source is stopping and the event loop is gone: nothing left to resume.
            }
        }
    }

    private void afterCommit() {
        inFlight = false;
        if (!ctx.channel().isOpen()) {
            return;
        }
        resume();
    }
}
