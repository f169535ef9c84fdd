package io.sluice.channels.file.wal.segment;

import io.sluice.api.Event;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.record.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads events back from their segments for takes of events no longer held in memory, and
 * verifies each one's checksum. Consecutive events of a batch lie next to each other in a segment,
 * so one read of a window brings many of them. Not thread-safe: one per taking thread.
 */
public final class EventReader {

    /** Told about an event that cannot be delivered: its index, its pointer, its segment (null if missing), and why. */
    @FunctionalInterface
    public interface Loss {
        void lost(int index, long pointer, Segment segment, String reason);
    }

    private static final int WINDOW = 256 * 1024;

    private final SegmentSet segments;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(WINDOW);
    private Segment windowSegment;
    private long windowStart;
    private int windowLength;

    public EventReader(SegmentSet segments) {
        this.segments = segments;
    }

    /**
     * Reads the events at {@code pointers[i]} for each i in {@code [from, to)} whose {@code out[i]}
     * is null, into {@code out[i]}. An event that is damaged or whose segment is gone stays null
     * and is reported to {@code loss}. Throws IOException when a read itself fails (the take fails
     * and its events stay in the channel).
     */
    public void read(long[] pointers, Event[] out, int from, int to, Loss loss) throws IOException {
        windowSegment = null;
        for (int i = from; i < to; i++) {
            if (out[i] != null) {
                continue;
            }
            long p = pointers[i];
            Segment s = segments.get(Pointer.segment(p));
            if (s == null) {
                loss.lost(i, p, null, "its segment " + SegmentSet.fileName(Pointer.segment(p)) + " is missing");
                continue;
            }
            long offset = Pointer.offset(p);
            if (!cover(s, offset, EventCodec.PREFIX)) {
                loss.lost(i, p, s, "the segment ends before the event");
                continue;
            }
            int length = buf.getInt((int) (offset - windowStart));
            if (length < 4 || !cover(s, offset, EventCodec.PREFIX + length)) {
                loss.lost(i, p, s, length < 4 ? EventCodec.describe(EventCodec.BAD_LENGTH)
                        : "the segment ends inside the event");
                continue;
            }
            int at = (int) (offset - windowStart);
            int r = EventCodec.verify(buf, at, at + EventCodec.PREFIX + length, crc);
            if (r < 0) {
                loss.lost(i, p, s, EventCodec.describe(r));
                continue;
            }
            out[i] = EventCodec.decode(buf, at);
        }
        windowSegment = null;
    }

    /** Makes {@code [offset, offset + length)} of the segment readable in the window; false if the file is shorter. */
    private boolean cover(Segment s, long offset, int length) throws IOException {
        if (s == windowSegment && offset >= windowStart && offset + length <= windowStart + windowLength) {
            return true;
        }
        if (buf.capacity() < length) {
            buf = ByteBuffer.allocateDirect(length);
        }
        buf.clear();
        int n = s.file().readUpTo(buf, offset);
        windowSegment = s;
        windowStart = offset;
        windowLength = n;
        return n >= length;
    }
}
