package io.sluice.channels.file.wal.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The PREVIOUS record that opens a segment (format version 2): what the writer knew, when it moved
 * on, about the segment before this one. Replay reads it only when that segment is missing: its
 * events are sequence numbers {@code firstSeq … endSeq - 1}; {@code takenInside} of them were taken
 * by TAKE records in that segment itself, which went with it, while any taken later are named by
 * surviving TAKE records; so the events lost with it can be counted exactly. {@code takesInside}
 * counts every event its TAKE records took, its own and earlier ones. A segment made at start
 * carries {@link #UNKNOWN}: that writer did not write the segment before. Immutable.
 * <pre>
 * header (type 4, count 0, seq 0) | firstSeq:i64 | endSeq:i64 | takenInside:i64 | takesInside:i64 | crc:i32 (of the four)
 * </pre>
 */
public record PreviousSegment(long firstSeq, long endSeq, long takenInside, long takesInside) {

    public static final PreviousSegment UNKNOWN = new PreviousSegment(-1, -1, -1, -1);
    /** Bytes of the record, header included. */
    public static final int LENGTH = RecordHeader.SIZE + 4 * 8 + 4;

    private static final int BODY = 4 * 8;

    /** Whether the writer knew the segment's contents (false for {@link #UNKNOWN}). */
    public boolean known() {
        return takenInside >= 0 && firstSeq >= 0 && endSeq >= firstSeq;
    }

    /** Events put in the segment. */
    public long puts() {
        return endSeq - firstSeq;
    }

    public ByteBuffer encode() {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.position(RecordHeader.SIZE);
        buf.putLong(firstSeq).putLong(endSeq).putLong(takenInside).putLong(takesInside);
        buf.putInt(checksum(buf, RecordHeader.SIZE));
        RecordHeader.write(buf, 0, RecordType.PREVIOUS, LENGTH, 0, 0);
        buf.flip();
        return buf;
    }

    /**
     * Reads the record whose bytes start at absolute index {@code at} of {@code buf} (its header
     * already parsed); null when its length or checksum is wrong.
     */
    public static PreviousSegment decode(ByteBuffer buf, int at, RecordHeader header) {
        if (header.type() != RecordType.PREVIOUS || header.length() != LENGTH) {
            return null;
        }
        int body = at + RecordHeader.SIZE;
        if (buf.getInt(body + BODY) != checksum(buf, body)) {
            return null;
        }
        return new PreviousSegment(buf.getLong(body), buf.getLong(body + 8), buf.getLong(body + 16),
                buf.getLong(body + 24));
    }

    private static int checksum(ByteBuffer buf, int body) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(body, BODY));
        return (int) crc.getValue();
    }
}
