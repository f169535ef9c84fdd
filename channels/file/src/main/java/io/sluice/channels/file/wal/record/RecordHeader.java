package io.sluice.channels.file.wal.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 28-byte header that starts every record (format in {@link io.sluice.channels.file.wal}):
 * magic, total length, type, count, sequence number, and a checksum of those fields, so a reader
 * can trust the length and count of a record whose body is damaged. Immutable.
 */
public record RecordHeader(RecordType type, int length, int count, long seq) {

    public static final int SIZE = 28;
    public static final int MAGIC = 0x534C5245;
    /** Largest record a writer produces: one transaction's events must fit in 1 GiB. */
    public static final int MAX_LENGTH = 1 << 30;

    private static final int CRC_AT = 24;
    private static final int SEQ_AT = 16;
    private static final int COUNT_AT = 12;

    /** Writes a header at absolute index {@code at} of {@code buf}, checksum included. */
    public static void write(ByteBuffer buf, int at, RecordType type, int length, int count, long seq) {
        buf.putInt(at, MAGIC);
        buf.putInt(at + 4, length);
        buf.put(at + 8, (byte) type.code());
        buf.put(at + 9, (byte) 0);
        buf.put(at + 10, (byte) 0);
        buf.put(at + 11, (byte) 0);
        buf.putInt(at + COUNT_AT, count);
        buf.putLong(at + SEQ_AT, seq);
        buf.putInt(at + CRC_AT, checksum(buf, at));
    }

    /** Sets the sequence number of a header already written at {@code at}, and its checksum. */
    public static void setSeq(ByteBuffer buf, int at, long seq) {
        buf.putLong(at + SEQ_AT, seq);
        buf.putInt(at + CRC_AT, checksum(buf, at));
    }

    /** The count field of a header written at {@code at} (unchecked: for records this process encoded). */
    public static int count(ByteBuffer buf, int at) {
        return buf.getInt(at + COUNT_AT);
    }

    /**
     * Parses the header at absolute index {@code at} (28 bytes must be there). Returns null when the
     * bytes are not a valid record header; {@link #problem} says why.
     */
    public static RecordHeader parse(ByteBuffer buf, int at) {
        if (problem(buf, at) != null) {
            return null;
        }
        return new RecordHeader(RecordType.of(buf.get(at + 8)), buf.getInt(at + 4), buf.getInt(at + COUNT_AT),
                buf.getLong(at + SEQ_AT));
    }

    /** Why the 28 bytes at {@code at} are not a valid header, or null if they are. */
    public static String problem(ByteBuffer buf, int at) {
        if (buf.getInt(at) != MAGIC) {
            return "no record starts here (magic is 0x" + Integer.toHexString(buf.getInt(at)) + ")";
        }
        if (buf.getInt(at + CRC_AT) != checksum(buf, at)) {
            return "record header checksum mismatch";
        }
        RecordType type = RecordType.of(buf.get(at + 8));
        int length = buf.getInt(at + 4);
        int count = buf.getInt(at + COUNT_AT);
        if (type == null) {
            return "unknown record type " + buf.get(at + 8);
        }
        if (length < SIZE || length > MAX_LENGTH + SIZE || count < 0) {
            return "record header has length " + length + " and count " + count;
        }
        return null;
    }

    private static int checksum(ByteBuffer buf, int at) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(at, CRC_AT));
        return (int) crc.getValue();
    }
}
