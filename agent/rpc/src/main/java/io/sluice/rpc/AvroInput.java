package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads Avro binary encoding (zig-zag varints, length-prefixed strings and bytes) from a buffer that
 * holds one whole message. Every length is checked against the bytes that are actually left before
 * anything is allocated, so a peer cannot make the reader reserve memory it did not send: a
 * string that claims 2 GB in a 40-byte frame fails at once. Stateless; the buffer's reader index is
 * the position.
 */
public final class AvroInput {
    private AvroInput() {
    }

    public static long readLong(ByteBuf in) throws MalformedRpcException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!in.isReadable()) {
                throw new MalformedRpcException("message ends inside a number at byte " + in.readerIndex());
            }
            byte b = in.readByte();
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedRpcException("number longer than ten bytes at byte " + in.readerIndex());
    }

    public static int readInt(ByteBuf in) throws MalformedRpcException {
        long v = readLong(in);
        if (v != (int) v) {
            throw new MalformedRpcException("number " + v + " out of int range at byte " + in.readerIndex());
        }
        return (int) v;
    }

    public static boolean readBoolean(ByteBuf in) throws MalformedRpcException {
        if (!in.isReadable()) {
            throw new MalformedRpcException("message ends where a boolean was expected");
        }
        byte b = in.readByte();
        if (b != 0 && b != 1) {
            throw new MalformedRpcException("boolean byte " + b + " at byte " + (in.readerIndex() - 1));
        }
        return b == 1;
    }

    /** Reads a string or bytes length and checks that many bytes follow. */
    public static int readLength(ByteBuf in, String what) throws MalformedRpcException {
        int at = in.readerIndex();
        long n = readLong(in);
        if (n < 0 || n > in.readableBytes()) {
            throw new MalformedRpcException(what + " at byte " + at + " claims " + n + " bytes but "
                    + in.readableBytes() + " are left in the message");
        }
        return (int) n;
    }

    public static String readString(ByteBuf in) throws MalformedRpcException {
        int n = readLength(in, "string");
        String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    public static byte[] readBytes(ByteBuf in) throws MalformedRpcException {
        int n = readLength(in, "bytes");
        byte[] out = new byte[n];
        in.readBytes(out);
        return out;
    }

    public static byte[] readFixed(ByteBuf in, int size) throws MalformedRpcException {
        if (in.readableBytes() < size) {
            throw new MalformedRpcException("message ends inside a " + size + "-byte fixed at byte " + in.readerIndex());
        }
        byte[] out = new byte[size];
        in.readBytes(out);
        return out;
    }

    /**
     * Reads the count of the next block of an array or map. A negative count is followed by the
     * block's size in bytes (which is skipped: the items are read one by one anyway).
     */
    public static long readBlockCount(ByteBuf in) throws MalformedRpcException {
        long count = readLong(in);
        if (count < 0) {
            readLong(in);
            count = -count;
        }
        return count;
    }

    /** Skips a {@code map<bytes>} or {@code map<string>} (both encode as length-prefixed values). */
    public static void skipMapOfBytes(ByteBuf in) throws MalformedRpcException {
        for (long n = readBlockCount(in); n != 0; n = readBlockCount(in)) {
            for (long i = 0; i < n; i++) {
                in.skipBytes(readLength(in, "map key"));
                in.skipBytes(readLength(in, "map value"));
            }
        }
    }
}
