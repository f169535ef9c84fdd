package io.sluice.sources.avro;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.api.metrics.SourceCounter;
import java.util.concurrent.TimeUnit;

/**
 * Reads Avro's frame layout (spec §3.2) in the bytes a connection sends, just before Avro's
 * {@code NettyFrameDecoder}, which trusts every count and length it reads, and passes on only what
 * Sluice accepts:
 *
 * <pre>
 * frame  := serial:int32 count:int32 buffer{count}      buffer := length:int32 bytes[length]
 *
 *   socket ─► [ipFilter, zlib, TLS] ─► FrameGuard ─► NettyFrameDecoder ─► CallBinder ─► NettyServer ─► responder
 *                                      │ holds the rest of the read while a call is pending
 *                                      │ reserves every byte from the source's InFlightBudget
 *                                      └ closes at a count or length beyond maxFrameBytes
 * </pre>
 *
 * <ul>
 * <li>A frame's size is its wire bytes plus 8 per buffer (the slot Avro's decoder allocates for it
 *     from the count alone). A header or buffer length that takes it past {@code maxFrameBytes}, a
 *     count below 1 (Avro's decoder would never end such a frame) or a negative length closes the
 *     connection at once, before the announced bytes are read (EventReadFail).</li>
 * <li>One call in flight: once a whole frame has gone on, the bytes after it are held and reading
 *     stops until the reply is written. {@code NettyServer} hands calls to its caller threads in
 *     turn, so two calls of one connection could otherwise be answered out of order; and a client
 *     that pipelines holds at most one frame plus one read.</li>
 * <li>Every byte is reserved from the source-wide {@link InFlightBudget} before it goes on, and the
 *     frame's bytes are released when its reply is written or the connection closes. When the budget
 *     is spent, reading stops until bytes come back (back-pressure, not an error).</li>
 * <li>A connection that holds part of a frame and sends nothing more for {@code halfFrameMillis}
 *     is closed (ClosedIdleConnectionCount), whether the peer stopped or the budget kept it waiting:
 *     this frees a budget filled with abandoned half frames. Between frames a connection may idle
 *     for ever, as Flume's clients keep theirs open.</li>
 * </ul>
 *
 * One instance per connection, used on its event loop only.
 */
final class FrameGuard extends ChannelDuplexHandler {
    static final int FRAME_HEADER = 8;
    static final int LENGTH = 4;
    /** What Avro's decoder allocates per announced buffer besides its bytes: a reference in a list. */
    static final int SLOT_BYTES = 8;

    private enum Expect { HEADER, LENGTH, BODY }

    private final AvroConnection connection;
    private final AvroSourceState source;
    private final SourceCounter counter;
    private final int maxFrameBytes;
    private final long halfFrameNanos;
    private final Runnable wakeUp = this::budgetFreed;

    private ChannelHandlerContext ctx;
    /** Bytes received and not yet passed on. */
    private ByteBuf held;
    private Expect expect = Expect.HEADER;
    private int buffersLeft;
    private int bodyLeft;
    private long frameBytes;
    /** Budget held for the frame being received or answered. */
    private long reserved;
    private boolean callPending;
    private boolean waitingForBudget;
    private boolean closed;
    private long lastProgress;
    private ScheduledFuture<?> stallCheck;

    FrameGuard(AvroConnection connection, AvroSourceState source, SourceCounter counter, int maxFrameBytes,
               long halfFrameMillis) {
        this.connection = connection;
        this.source = source;
        this.counter = counter;
        this.maxFrameBytes = maxFrameBytes;
        this.halfFrameNanos = TimeUnit.MILLISECONDS.toNanos(halfFrameMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastProgress = System.nanoTime();
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(halfFrameNanos) / 4);
        stallCheck = ctx.executor().scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closed) {
            in.release();
            return;
        }
        lastProgress = System.nanoTime();
        if (held == null) {
            held = in;
        } else {
            CompositeByteBuf joined = held instanceof CompositeByteBuf c ? c
                    : ctx.alloc().compositeBuffer(Integer.MAX_VALUE).addComponent(true, held);
            held = joined.addComponent(true, in);
        }
        pump();
    }

    /** Passes on what may go now, then reads on or pauses. */
    private void pump() {
        while (held != null && !callPending && !waitingForBudget && !closed) {
            int n = admit();
            if (n < 0) {
                return;
            }
            if (n == 0) {
                break;
            }
            lastProgress = System.nanoTime();
            ByteBuf part = held.readRetainedSlice(n);
            if (!held.isReadable()) {
                held.release();
                held = null;
            }
            ctx.fireChannelRead(part);
        }
        boolean read = !closed && !callPending && !waitingForBudget;
        if (ctx.channel().config().isAutoRead() != read) {
            lastProgress = System.nanoTime();
            ctx.channel().config().setAutoRead(read);
        }
    }

    /**
     * Walks the held bytes that may go on now (whole headers and lengths, body bytes the budget
     * covers, up to the end of a frame), reserving them; returns how many, or -1 after closing.
     */
    private int admit() {
        ByteBuf in = held;
        int start = in.readerIndex();
        int at = start;
        int end = in.writerIndex();
        while (at < end && !callPending) {
            if (expect == Expect.HEADER) {
                if (end - at < FRAME_HEADER) {
                    break;
                }
                int count = in.getInt(at + 4);
                if (count < 1 || FRAME_HEADER + (long) count * (LENGTH + SLOT_BYTES) > maxFrameBytes) {
                    refuse("frame header declares " + count + " buffers"
                            + (count < 1 ? "" : ", more than fit in maxFrameBytes = " + maxFrameBytes));
                    return -1;
                }
                long cost = FRAME_HEADER + (long) count * SLOT_BYTES;
                if (!source.budget().reserve(cost, wakeUp)) {
                    waitingForBudget = true;
                    break;
                }
                reserved += cost;
                frameBytes = cost;
                buffersLeft = count;
                expect = Expect.LENGTH;
                at += FRAME_HEADER;
            } else if (expect == Expect.LENGTH) {
                if (end - at < LENGTH) {
                    break;
                }
                int length = in.getInt(at);
                if (length < 0 || frameBytes + LENGTH + length > maxFrameBytes) {
                    refuse(length < 0 ? "frame buffer declares a negative length " + length
                            : "frame of at least " + (frameBytes + LENGTH + length) + " bytes exceeds maxFrameBytes = "
                            + maxFrameBytes);
                    return -1;
                }
                if (!source.budget().reserve(LENGTH, wakeUp)) {
                    waitingForBudget = true;
                    break;
                }
                reserved += LENGTH;
                frameBytes += LENGTH;
                bodyLeft = length;
                at += LENGTH;
                expect = Expect.BODY;
                if (length == 0) {
                    bufferDone();
                }
            } else {
                long got = source.budget().reserveUpTo(Math.min(bodyLeft, end - at), wakeUp);
                if (got == 0) {
                    waitingForBudget = true;
                    break;
                }
                reserved += got;
                frameBytes += got;
                bodyLeft -= (int) got;
                at += (int) got;
                if (bodyLeft == 0) {
                    bufferDone();
                }
            }
        }
        return at - start;
    }

    private void bufferDone() {
        if (--buffersLeft == 0) {
            expect = Expect.HEADER;
            callPending = true;
        } else {
            expect = Expect.LENGTH;
        }
    }

    /** Runs on whichever thread released budget: hand over to this connection's event loop. */
    private void budgetFreed() {
        ctx.executor().execute(() -> {
            waitingForBudget = false;
            if (!closed) {
                pump();
            }
        });
    }

    /** The reply to the pending call goes out here (NettyServer writes nothing else). */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (callPending) {
            ChannelPromise p = promise.unvoid();
            p.addListener(f -> replied(f.isSuccess()));
            ctx.write(msg, p);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void replied(boolean written) {
        if (closed) {
            return;
        }
        source.budget().release(reserved);
        reserved = 0;
        frameBytes = 0;
        callPending = false;
        if (!written || connection.closingAfterReply()) {
            ctx.close();
            return;
        }
        lastProgress = System.nanoTime();
        pump();
    }

    /**
     * True while the peer owes the rest of a frame: part of one has gone on, or bytes of the next are
     * held while nothing keeps them (a pending call or a budget wait before its first byte is not the
     * peer's doing).
     */
    private boolean midFrame() {
        return !callPending && (expect != Expect.HEADER || !waitingForBudget && held != null && held.isReadable());
    }

    private void checkStall() {
        if (!closed && midFrame() && System.nanoTime() - lastProgress >= halfFrameNanos) {
            long have = frameBytes + (held == null ? 0 : held.readableBytes());
            source.halfFrameClosed().increment();
            source.badInput().warn("avro source {}: closing connection from {}: {} bytes of a frame, then nothing for "
                    + "{} ms (halfFrameTimeoutMillis)", source.name(), connection.peer(), have,
                    TimeUnit.NANOSECONDS.toMillis(halfFrameNanos));
            ctx.close();
        }
    }

    private void refuse(String reason) {
        counter.incrementEventReadFail();
        source.badInput().warn("avro source {}: closing connection from {}: {}", source.name(), connection.peer(), reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            counter.incrementEventReadFail();
            source.badInput().warn("avro source {}: closing connection from {}: {}", source.name(),
                    connection.peer(), cause.getMessage());
        } else {
            source.badInput().warn("avro source {}: closing connection from {} after {}", source.name(),
                    connection.peer(), cause.toString());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    /** Gives back everything the connection holds; it reads nothing more. */
    private void release() {
        if (closed) {
            return;
        }
        closed = true;
        stallCheck.cancel(false);
        if (held != null) {
            held.release();
            held = null;
        }
        source.budget().release(reserved);
        reserved = 0;
    }
}
