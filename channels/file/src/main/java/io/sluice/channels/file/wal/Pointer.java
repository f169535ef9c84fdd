package io.sluice.channels.file.wal;

/**
 * Where an event or a log position is: a segment id and a byte offset in that segment, packed into
 * one long ({@code segmentId << 32 | offset}) so queues of pointers are primitive arrays. Packed
 * pointers order like log positions. Segment ids are below 2^31 and offsets below 2^32.
 */
public final class Pointer {
    private Pointer() {
    }

    public static long of(long segmentId, long offset) {
        if (segmentId < 0 || segmentId > Integer.MAX_VALUE || offset < 0 || offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("pointer out of range: segment " + segmentId + ", offset " + offset);
        }
        return segmentId << 32 | offset;
    }

    public static long segment(long pointer) {
        return pointer >>> 32;
    }

    public static long offset(long pointer) {
        return pointer & 0xFFFF_FFFFL;
    }

    public static String describe(long pointer) {
        return "segment " + segment(pointer) + " offset " + offset(pointer);
    }
}
