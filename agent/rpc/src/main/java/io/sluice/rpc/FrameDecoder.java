package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Cuts the byte stream into {@link RpcFrame}s and refuses any frame larger than
 * {@code maxFrameBytes} (header included) as soon as a length announces it, before the bytes
 * arrive: a peer can make this decoder hold at most one frame's worth of memory, never what it
 * merely claims. Avro's own decoder has no such bound (spec §3.2).
 *
 * <p>Errors surface as {@link TooLongFrameException} or {@link CorruptedFrameException} through
 * {@code exceptionCaught}; the decoder then discards everything else the connection sends, and the
 * handler is expected to close it. A frame written one byte at a time is assembled like any other.
 * One instance per connection, used on its event loop only.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final int FRAME_HEADER = 8;
    private static final int BUFFER_HEADER = 4;

    private final int maxFrameBytes;
    private boolean inFrame;
    private boolean failed;
    private int serial;
    private int buffersLeft;
    private long frameBytes;
    private ByteBuf payload;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < FRAME_HEADER + BUFFER_HEADER) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 12: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (true) {
            if (!inFrame) {
                if (in.readableBytes() < FRAME_HEADER) {
                    return;
                }
                serial = in.readInt();
                int count = in.readInt();
                if (count < 0 || (long) count * BUFFER_HEADER + FRAME_HEADER > maxFrameBytes) {
                    throw fail(new CorruptedFrameException("frame header declares " + count + " buffers"
                            + (count < 0 ? "" : ", more than fit in maxFrameBytes = " + maxFrameBytes)));
                }
                inFrame = true;
                buffersLeft = count;
                frameBytes = FRAME_HEADER;
            }
            while (buffersLeft > 0) {
                if (in.readableBytes() < BUFFER_HEADER) {
                    return;
                }
                int length = in.getInt(in.readerIndex());
                if (length < 0) {
                    throw fail(new CorruptedFrameException("frame buffer declares a negative length " + length));
                }
                long total = frameBytes + BUFFER_HEADER + length;
                if (total > maxFrameBytes) {
                    throw fail(new TooLongFrameException("frame of at least " + total + " bytes exceeds maxFrameBytes = "
                            + maxFrameBytes));
                }
                if (in.readableBytes() < BUFFER_HEADER + length) {
                    return;
                }
                in.skipBytes(BUFFER_HEADER);
                append(ctx, in.readRetainedSlice(length));
                frameBytes = total;
                buffersLeft--;
            }
            out.add(new RpcFrame(serial, takePayload(ctx)));
            inFrame = false;
        }
    }

    private void append(ChannelHandlerContext ctx, ByteBuf part) {
        if (payload == null) {
            payload = part;
        } else if (payload instanceof CompositeByteBuf composite) {
            composite.addComponent(true, part);
        } else {
            CompositeByteBuf composite = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            composite.addComponent(true, payload);
            composite.addComponent(true, part);
            payload = composite;
        }
    }

    private ByteBuf takePayload(ChannelHandlerContext ctx) {
        ByteBuf p = payload;
        payload = null;
        if (p == null) {
            return ctx.alloc().buffer(0);
        }
        if (!(p instanceof CompositeByteBuf)) {
            return p;
        }
        // Avro's Java client sends 8 KiB buffers; one copy joins them so decoding is a straight scan.
        ByteBuf flat = ctx.alloc().buffer(p.readableBytes());
        flat.writeBytes(p);
        p.release();
        return flat;
    }

    private RuntimeException fail(RuntimeException e) {
        failed = true;
        release();
        return e;
    }

    private void release() {
        if (payload != null) {
            payload.release();
            payload = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        release();
    }
}
