package io.sluice.channels.file.wal.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The TAKE record of one transaction: the sequence numbers it took, as ranges
 * {@code fromSeq:i64 | toSeqExclusive:i64}, then a checksum of the ranges. A sink's batch of
 * consecutive events is one range, so a take of 1000 events costs 48 bytes on disk. Stateless.
 */
public final class TakeRecordCodec {
    private static final int RANGE_BYTES = 16;

    private TakeRecordCodec() {
    }

    /** Encodes the first {@code n} of {@code seqs} (in take order) into a new heap buffer, ready to write. */
    public static ByteBuffer encode(long[] seqs, int n) {
        int ranges = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || seqs[i] != seqs[i - 1] + 1) {
                ranges++;
            }
        }
        int length = RecordHeader.SIZE + ranges * RANGE_BYTES + 4;
        ByteBuffer buf = ByteBuffer.allocate(length);
        buf.position(RecordHeader.SIZE);
        for (int i = 0; i < n; i++) {
            if (i == 0 || seqs[i] != seqs[i - 1] + 1) {
                if (i > 0) {
                    buf.putLong(seqs[i - 1] + 1);
                }
                buf.putLong(seqs[i]);
            }
        }
        if (n > 0) {
            buf.putLong(seqs[n - 1] + 1);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(RecordHeader.SIZE, ranges * RANGE_BYTES));
        buf.putInt((int) crc.getValue());
        RecordHeader.write(buf, 0, RecordType.TAKE, length, ranges, 0);
        buf.flip();
        return buf;
    }

    /**
     * How many of the sequence numbers taken by an {@link #encode encoded} record (starting at index
     * 0 of {@code record}) are {@code fromSeq} or more.
     */
    public static long countFrom(ByteBuffer record, long fromSeq) {
        int ranges = RecordHeader.count(record, 0);
        long count = 0;
        for (int i = 0; i < ranges; i++) {
            int at = RecordHeader.SIZE + i * RANGE_BYTES;
            count += Math.max(0, record.getLong(at + 8) - Math.max(fromSeq, record.getLong(at)));
        }
        return count;
    }

    /**
     * Reads the ranges of a TAKE record whose bytes start at absolute index {@code at} of
     * {@code buf}, into {@code out} as from/to pairs. Returns false, leaving {@code out} undefined,
     * when the body does not match its header or its checksum.
     */
    public static boolean decode(ByteBuffer buf, int at, RecordHeader header, long[] out) {
        int ranges = header.count();
        if (header.length() != RecordHeader.SIZE + (long) ranges * RANGE_BYTES + 4) {
            return false;
        }
        int body = at + RecordHeader.SIZE;
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(body, ranges * RANGE_BYTES));
        if (buf.getInt(body + ranges * RANGE_BYTES) != (int) crc.getValue()) {
            return false;
        }
        for (int i = 0; i < 2 * ranges; i++) {
            out[i] = buf.getLong(body + 8 * i);
        }
        for (int i = 0; i < ranges; i++) {
            if (out[2 * i + 1] <= out[2 * i]) {
                return false;
            }
        }
        return true;
    }
}
