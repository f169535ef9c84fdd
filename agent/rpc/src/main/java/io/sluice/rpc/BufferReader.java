package io.sluice.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Avro binary reading straight from the memory a frame arrived in (a direct or heap NIO view of it,
 * whose absolute gets the JIT turns into plain loads), the hot path of a source decoding batches:
 * no per-byte calls through Netty's buffer wrappers and no copy of the frame. Like
 * {@link AvroInput}, every length is checked against the bytes left before anything is allocated.
 * Not thread-safe: one reader per message.
 */
final class BufferReader {
    private final ByteBuffer a;
    private int pos;
    private final int end;

    BufferReader(ByteBuffer a) {
        this.a = a;
        this.pos = a.position();
        this.end = a.limit();
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    long readLong() throws MalformedRpcException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw new MalformedRpcException("message ends inside a number at byte " + pos);
            }
            byte b = a.get(pos++);
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedRpcException("number longer than ten bytes at byte " + pos);
    }

    long readBlockCount() throws MalformedRpcException {
        long count = readLong();
        if (count < 0) {
            readLong();
            count = -count;
        }
        return count;
    }

    int readLength(String what) throws MalformedRpcException {
        int at = pos;
        long n = readLong();
        if (n < 0 || n > end - pos) {
            throw new MalformedRpcException(what + " at byte " + at + " claims " + n + " bytes but " + (end - pos)
                    + " are left in the message");
        }
        return (int) n;
    }

    byte[] readBytes() throws MalformedRpcException {
        int n = readLength("bytes");
        byte[] out = new byte[n];
        a.get(pos, out, 0, n);
        pos += n;
        return out;
    }

    String readString() throws MalformedRpcException {
        int n = readLength("string");
        byte[] utf8 = new byte[n];
        a.get(pos, utf8, 0, n);
        pos += n;
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
