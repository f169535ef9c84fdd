package io.sluice.channels.file.wal.record;

import java.nio.ByteBuffer;

/**
 * The ROLL record that closes a segment the writer moved on from (format version 2): a bare record
 * header, type 3, count 0, seq = the sequence number the next segment's first event gets. It says
 * that segment id + 1 exists, so replay notices when the newest segment has gone. Stateless.
 */
public final class RollRecord {
    public static final int LENGTH = RecordHeader.SIZE;

    private RollRecord() {
    }

    public static ByteBuffer encode(long nextSeq) {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        RecordHeader.write(buf, 0, RecordType.ROLL, LENGTH, 0, nextSeq);
        return buf;
    }
}
