package io.sluice.channels.file.wal.segment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The 64-byte header that opens every segment (format in {@link io.sluice.channels.file.wal}).
 * Writers write {@link #VERSION}; version 1 segments (no PREVIOUS and ROLL records) are still read.
 * Immutable.
 */
public record SegmentHeader(int version, long segmentId, UUID logId, long createdMillis) {

    public static final int SIZE = 64;
    public static final int VERSION = 2;
    private static final int OLDEST_READ = 1;
    private static final byte[] MAGIC = "SLUICWAL".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_AT = 60;

    public ByteBuffer encode() {
        ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
        buf.put(MAGIC).putInt(version).putInt(SIZE).putLong(segmentId)
                .putLong(logId.getMostSignificantBits()).putLong(logId.getLeastSignificantBits())
                .putLong(createdMillis);
        buf.putInt(CRC_AT, checksum(buf));
        buf.clear();
        return buf;
    }

    /** Parses a header from the first 64 bytes of {@code buf}; throws IllegalArgumentException saying what is wrong. */
    public static SegmentHeader parse(ByteBuffer buf) {
        if (buf.limit() < SIZE) {
            throw new IllegalArgumentException("the file is " + buf.limit() + " bytes long, shorter than a segment header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(i) != MAGIC[i]) {
                throw new IllegalArgumentException("not a Sluice file channel segment (no SLUICWAL magic)");
            }
        }
        if (buf.getInt(CRC_AT) != checksum(buf)) {
            throw new IllegalArgumentException("segment header checksum mismatch");
        }
        int version = buf.getInt(8);
        if (version < OLDEST_READ || version > VERSION) {
            throw new IllegalArgumentException("segment format version " + version + "; this Sluice reads versions "
                    + OLDEST_READ + " to " + VERSION);
        }
        return new SegmentHeader(version, buf.getLong(16), new UUID(buf.getLong(24), buf.getLong(32)), buf.getLong(40));
    }

    private static int checksum(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(0, CRC_AT));
        return (int) crc.getValue();
    }
}
