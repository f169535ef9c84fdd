package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One Avro IPC frame of Netty transport (spec §3.2), with its buffers already joined:
 *
 * <pre>
 * frame  := serial:int32 count:int32 buffer{count}      big-endian
 * buffer := length:int32 bytes[length]
 * </pre>
 *
 * The payload of a call or a reply is the concatenation of a frame's buffers. The receiver owns
 * {@code payload} and releases it. Frames this side writes always carry one buffer.
 */
public record RpcFrame(int serial, ByteBuf payload) {
    /** Bytes before the payload of a one-buffer frame: serial, count, length. */
    public static final int HEADER_BYTES = 12;

    /** A buffer for one outgoing frame, its header reserved; write the payload, then {@link #seal}. */
    public static ByteBuf allocate(ByteBufAllocator alloc, int payloadHint) {
        ByteBuf buf = alloc.buffer(HEADER_BYTES + payloadHint);
        buf.writerIndex(HEADER_BYTES);
        return buf;
    }

    /** Fills in the header of a buffer from {@link #allocate} now that its payload is written. */
    public static ByteBuf seal(ByteBuf frame, int serial) {
        int start = frame.readerIndex();
        frame.setInt(start, serial);
        frame.setInt(start + 4, 1);
        frame.setInt(start + 8, frame.writerIndex() - start - HEADER_BYTES);
        return frame;
    }
}
