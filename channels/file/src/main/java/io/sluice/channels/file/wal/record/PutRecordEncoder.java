package io.sluice.channels.file.wal.record;

import io.sluice.api.Event;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds the PUT record of one transaction in a reusable direct buffer, remembering where each event
 * starts, so the log can write it with one call and the queue can point at every event. The
 * sequence number is left 0 for the log writer to set ({@link RecordHeader#setSeq}).
 *
 * <p>Not thread-safe: one encoder per committing thread.
 */
public final class PutRecordEncoder {
    private static final int INITIAL_BYTES = 64 * 1024;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BYTES);
    private int[] offsets = new int[64];
    private int count;

    /**
     * Encodes {@code events}; returns the record, positioned at 0 with its length as limit. The
     * buffer is valid until the next call. Throws IllegalArgumentException if the events are more
     * than one record can hold.
     */
    public ByteBuffer encode(List<Event> events) {
        int n = events.size();
        long size = RecordHeader.SIZE;
        for (int i = 0; i < n; i++) {
            size += EventCodec.encodedSize(events.get(i));
        }
        if (size > RecordHeader.MAX_LENGTH) {
            throw new IllegalArgumentException("a transaction of " + n + " events and " + size
                    + " bytes is larger than one file channel record can hold (" + RecordHeader.MAX_LENGTH
                    + " bytes); send smaller batches");
        }
        ByteBuffer buf = room((int) size);
        if (offsets.length < n) {
            offsets = new int[Math.max(n, offsets.length * 2)];
        }
        buf.clear();
        buf.position(RecordHeader.SIZE);
        for (int i = 0; i < n; i++) {
            offsets[i] = buf.position();
            EventCodec.encode(events.get(i), buf, crc);
        }
        int length = buf.position();
        RecordHeader.write(buf, 0, RecordType.PUT, length, n, 0);
        buf.flip();
        count = n;
        return buf;
    }

    /** Offset of event {@code i} of the last record from the record's start. */
    public int offset(int i) {
        if (i >= count) {
            throw new IndexOutOfBoundsException(i + " of " + count);
        }
        return offsets[i];
    }

    private ByteBuffer room(int bytes) {
        if (buffer.capacity() < bytes) {
            // Grow geometrically so a run of growing batches does not reallocate each time.
            buffer = ByteBuffer.allocateDirect((int) Math.min(RecordHeader.MAX_LENGTH + RecordHeader.SIZE,
                    Math.max(bytes, 2L * buffer.capacity())));
        }
        return buffer;
    }
}
