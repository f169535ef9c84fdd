package io.sluice.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Writes Avro binary encoding into a buffer, which grows as needed. Stateless. */
public final class AvroOutput {
    private AvroOutput() {
    }

    public static void writeLong(ByteBuf out, long v) {
        long n = (v << 1) ^ (v >> 63);
        while ((n & ~0x7FL) != 0) {
            out.writeByte((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.writeByte((int) n);
    }

    public static void writeBoolean(ByteBuf out, boolean b) {
        out.writeByte(b ? 1 : 0);
    }

    public static void writeString(ByteBuf out, String s) {
        int n = ByteBufUtil.utf8Bytes(s);
        writeLong(out, n);
        ByteBufUtil.reserveAndWriteUtf8(out, s, n);
    }

    public static void writeBytes(ByteBuf out, byte[] b) {
        writeLong(out, b.length);
        out.writeBytes(b);
    }
}
