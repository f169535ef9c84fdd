package io.sluice.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Avro binary reading straight from the memory a message arrived in, the hot path of a source
 * decoding batches. The message may be spread over several buffers (Avro's Java client sends a call
 * as 8 KiB pieces); the reader walks them in order without joining them, and a number, string or
 * body may straddle two. Absolute gets on the NIO buffers, which the JIT turns into plain loads; a
 * string inside one heap buffer is decoded from its array without a copy. Like {@link AvroInput},
 * every length is checked against the bytes left before anything is allocated. Not thread-safe:
 * one reader per message; the buffers' own positions are never moved.
 */
final class BufferReader {
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private final ByteBuffer[] segments;
    private final long total;
    /** Index of the segment after the current one. */
    private int next;
    /** Bytes in the segments after the current one. */
    private long after;
    private ByteBuffer a = NONE;
    private int pos;
    private int end;

    BufferReader(ByteBuffer... segments) {
        this.segments = segments;
        long sum = 0;
        for (ByteBuffer s : segments) {
            sum += s.remaining();
        }
        this.total = sum;
        this.after = sum;
        advance();
    }

    long remaining() {
        return (end - pos) + after;
    }

    long consumed() {
        return total - remaining();
    }

    /** Moves to the next segment that holds bytes; false when there is none. */
    private boolean advance() {
        while (next < segments.length) {
            ByteBuffer s = segments[next++];
            int n = s.remaining();
            after -= n;
            if (n > 0) {
                a = s;
                pos = s.position();
                end = s.limit();
                return true;
            }
        }
        return false;
    }

    long readLong() throws MalformedRpcException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos == end && !advance()) {
                throw new MalformedRpcException("message ends inside a number at byte " + consumed());
            }
            byte b = a.get(pos++);
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedRpcException("number longer than ten bytes at byte " + consumed());
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
        long at = consumed();
        long n = readLong();
        if (n < 0 || n > remaining()) {
            throw new MalformedRpcException(what + " at byte " + at + " claims " + n + " bytes but " + remaining()
                    + " are left in the message");
        }
        return (int) n;
    }

    byte[] readBytes() throws MalformedRpcException {
        int n = readLength("bytes");
        byte[] out = new byte[n];
        copyTo(out, n);
        return out;
    }

    String readString() throws MalformedRpcException {
        int n = readLength("string");
        if (n <= end - pos && a.hasArray()) {
            String s = new String(a.array(), a.arrayOffset() + pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        byte[] utf8 = new byte[n];
        copyTo(utf8, n);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Copies the next {@code n} bytes, which {@link #readLength} has checked are there. */
    private void copyTo(byte[] out, int n) {
        int done = 0;
        while (done < n) {
            if (pos == end) {
                advance();
            }
            int k = Math.min(n - done, end - pos);
            a.get(pos, out, done, k);
            pos += k;
            done += k;
        }
    }
}
