package io.sluice.channels.file.wal.segment;

import io.sluice.channels.file.io.StorageFile;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.record.EventCodec;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.record.TakeRecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment in order and checks every checksum, reporting intact events and
 * takes to a {@link Visitor} and everything damaged as {@link Damage}; ROLL and PREVIOUS records are
 * checked, not reported. A damaged record header is skipped by searching for the next intact one;
 * when none follows, the rest of the file is a damaged tail. The scanner never changes the file.
 * Not thread-safe; one per scanning thread.
 */
public final class SegmentScanner {

    /** What a scan reports, in file order. */
    public interface Visitor {
        /** A PUT record with an intact header: its events get {@code firstSeq … firstSeq + count - 1}. */
        void putRecord(long recordPointer, long firstSeq, int count);

        /** One intact event of the last PUT record. */
        void event(long seq, long pointer);

        /** An intact TAKE record: {@code ranges[2i] … ranges[2i+1]-1} for i below {@code count}. */
        void take(long[] ranges, int count);

        void damage(Damage damage);
    }

    private static final int CHUNK = 4 << 20;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    private long[] ranges = new long[64];
    private StorageFile file;
    private Path path;
    private long segmentId;
    private long windowStart;
    private int windowLength;
    private volatile long scanned;

    /** Bytes of the current segment scanned so far (for progress reports from another thread). */
    public long scanned() {
        return scanned;
    }

    /**
     * Scans {@code file} from {@code from} to its end. Returns the offset where intact records end:
     * the file size, or the start of a damaged tail.
     */
    public long scan(StorageFile file, long segmentId, long from, Visitor visitor) throws IOException {
        this.file = file;
        this.path = file.path();
        this.segmentId = segmentId;
        this.windowLength = 0;
        long size = file.size();
        long pos = from;
        while (pos < size) {
            scanned = pos;
            if (size - pos < RecordHeader.SIZE) {
                visitor.damage(new Damage(path, pos, "the last " + (size - pos)
                        + " bytes are too short to be a record (a write cut off)", 0, Damage.Kind.CUT_OFF));
                return pos;
            }
            window(pos, RecordHeader.SIZE);
            int at = (int) (pos - windowStart);
            String problem = RecordHeader.problem(buf, at);
            if (problem != null) {
                long next = resync(pos + 1, size);
                if (next < 0) {
                    visitor.damage(new Damage(path, pos, problem + "; nothing intact follows up to the end of the file",
                            -1, Damage.Kind.DAMAGED_TAIL));
                    return pos;
                }
                visitor.damage(new Damage(path, pos, problem + "; skipped " + (next - pos)
                        + " bytes to the next intact record", -1, Damage.Kind.DAMAGED));
                pos = next;
                continue;
            }
            RecordHeader header = RecordHeader.parse(buf, at);
            if (pos + header.length() > size) {
                if (header.type() == RecordType.PUT) {
                    visitor.putRecord(Pointer.of(segmentId, pos), header.seq(), header.count());
                }
                long lost = header.type() == RecordType.PUT ? header.count() : 0;
                visitor.damage(new Damage(path, pos, header.type() + " record of " + header.length()
                        + " bytes is cut off after " + (size - pos) + " bytes (a write cut off)", lost,
                        Damage.Kind.CUT_OFF));
                return pos;
            }
            window(pos, header.length());
            at = (int) (pos - windowStart);
            switch (header.type()) {
                case PUT -> scanPut(header, pos, at, visitor);
                case TAKE -> scanTake(header, pos, at, visitor);
                case PREVIOUS -> checkPrevious(header, pos, at, visitor);
                case ROLL -> {
                    // Its header is all there is; replay reads it from the segment's end.
                }
            }
            pos += header.length();
        }
        scanned = size;
        return size;
    }

    private void scanPut(RecordHeader header, long pos, int at, Visitor visitor) {
        visitor.putRecord(Pointer.of(segmentId, pos), header.seq(), header.count());
        int end = at + header.length();
        int p = at + RecordHeader.SIZE;
        long lost = 0;
        String firstProblem = null;
        long problemAt = 0;
        for (int i = 0; i < header.count(); i++) {
            int r = p >= end ? EventCodec.TRUNCATED : EventCodec.verify(buf, p, end, crc);
            if (r > 0) {
                visitor.event(header.seq() + i, Pointer.of(segmentId, pos + (p - at)));
                p += r;
                continue;
            }
            if (firstProblem == null) {
                firstProblem = EventCodec.describe(r);
                problemAt = pos + (p - at);
            }
            if (r == EventCodec.BAD_CHECKSUM || r == EventCodec.BAD_LAYOUT) {
                lost++;
                p += EventCodec.PREFIX + buf.getInt(p);
            } else {
                // Without a trustworthy length the following events cannot be found.
                lost += header.count() - i;
                break;
            }
        }
        if (firstProblem != null) {
            visitor.damage(new Damage(path, pos, "PUT record of " + header.count() + " events: " + firstProblem
                    + " at offset " + problemAt, lost, Damage.Kind.DAMAGED));
        } else if (p != end) {
            visitor.damage(new Damage(path, pos, "PUT record has " + (end - p) + " bytes after its last event", 0,
                    Damage.Kind.DAMAGED));
        }
    }

    private void scanTake(RecordHeader header, long pos, int at, Visitor visitor) {
        if (ranges.length < 2 * header.count()) {
            ranges = new long[2 * header.count()];
        }
        if (TakeRecordCodec.decode(buf, at, header, ranges)) {
            visitor.take(ranges, header.count());
        } else {
            visitor.damage(new Damage(path, pos, "TAKE record checksum mismatch: the events it took may be delivered "
                    + "again", 0, Damage.Kind.DAMAGED));
        }
    }

    private void checkPrevious(RecordHeader header, long pos, int at, Visitor visitor) {
        if (PreviousSegment.decode(buf, at, header) == null) {
            visitor.damage(new Damage(path, pos, "PREVIOUS record damaged: should the segment before this one go "
                    + "missing, its loss can only be bounded", 0, Damage.Kind.DAMAGED));
        }
    }

    /** Makes {@code [pos, pos + length)} of the file available in {@code buf}. */
    private void window(long pos, int length) throws IOException {
        if (pos >= windowStart && pos + length <= windowStart + windowLength) {
            return;
        }
        if (buf.capacity() < length) {
            buf = ByteBuffer.allocateDirect(length);
        }
        buf.clear();
        int n = file.readUpTo(buf, pos);
        if (n < length) {
            throw new IOException(path + " shrank while being read: " + n + " bytes at offset " + pos + ", expected "
                    + length);
        }
        windowStart = pos;
        windowLength = n;
    }

    /** The offset of the next intact record header at or after {@code from}, or -1. */
    private long resync(long from, long size) throws IOException {
        long pos = from;
        while (size - pos >= RecordHeader.SIZE) {
            window(pos, (int) Math.min(buf.capacity(), size - pos));
            int last = windowLength - RecordHeader.SIZE;
            for (int i = (int) (pos - windowStart); i <= last; i++) {
                if (buf.getInt(i) == RecordHeader.MAGIC && RecordHeader.problem(buf, i) == null) {
                    return windowStart + i;
                }
            }
            pos = windowStart + last + 1;
        }
        return -1;
    }
}
