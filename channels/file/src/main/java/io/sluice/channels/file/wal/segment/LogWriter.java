package io.sluice.channels.file.wal.segment;

import io.sluice.channels.file.wal.PausePoint;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.record.RollRecord;
import io.sluice.channels.file.wal.record.TakeRecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the log: one append lock orders all writes, gives PUT records their sequence
 * numbers, rolls to a new segment when the next record would pass {@code maxFileSize}, and hands
 * each written record to the {@link GroupCommitter}. The lock is held only for the write into the
 * page cache; fsyncs happen outside it. Thread-safe.
 *
 * <p>Moving on from segment N, it closes N with a ROLL record (forced with the next group commit,
 * so before any commit in N+1 returns) and opens N+1 with a PREVIOUS record of what it wrote to N:
 * the sequence numbers of N's events and how many of them N's own TAKE records took. Should N go
 * missing, replay counts exactly what was lost with it.
 *
 * <p>A failed write is cut back off the file so the next record starts where it would have. A
 * failed fsync ({@link #repair}) fails every record not yet on disk, truncates the log to what is,
 * and moves to a new segment; if even that fails the writer refuses every later append, and the
 * channel must be restarted.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final String name;
    private final SegmentSet segments;
    private final UUID logId;
    private final long maxFileSize;
    private final GroupCommitter committer;
    private final LongConsumer appended;
    private final ReentrantLock appendLock = new ReentrantLock();
    private Segment active;
    private long position;
    private long nextSeq;
    // What was written to the active segment, for the PREVIOUS record of the next one.
    private long activeFirstSeq;
    private long takenInside;
    private long takesInside;
    private boolean activeKnown;
    private IOException broken;
    private boolean closed;

    /**
     * @param appended told the byte count of every appended record, outside the lock (the
     *                 checkpointer uses it to checkpoint after much log was written)
     */
    public LogWriter(String name, SegmentSet segments, UUID logId, long maxFileSize, long nextSeq,
                     GroupCommitter committer, LongConsumer appended) {
        this.name = name;
        this.segments = segments;
        this.logId = logId;
        this.maxFileSize = maxFileSize;
        this.nextSeq = nextSeq;
        this.committer = committer;
        this.appended = appended;
        committer.setRepair(this::repair);
    }

    /**
     * Creates the segment this run appends to; returns the log position where it starts. Its
     * PREVIOUS record is {@link PreviousSegment#UNKNOWN}: this writer did not write the segment
     * before, and the checkpoint written after start already covers it.
     */
    public long open(long segmentId) throws IOException {
        appendLock.lock();
        try {
            begin(segments.create(segmentId, logId, PreviousSegment.UNKNOWN));
            return Pointer.of(segmentId, position);
        } finally {
            appendLock.unlock();
        }
    }

    private void begin(Segment segment) {
        active = segment;
        position = segment.written();
        activeFirstSeq = nextSeq;
        takenInside = 0;
        takesInside = 0;
        activeKnown = true;
    }

    /**
     * Writes one record (positioned at 0, its length as limit) and queues it for group commit.
     * For a PUT record the writer sets the sequence number of its first event; {@code count} is its
     * number of events (ignored for TAKE). The caller then waits on the returned ticket.
     */
    public Ticket append(ByteBuffer record, RecordType type, int count, Object attachment) throws IOException {
        int length = record.remaining();
        Ticket ticket;
        appendLock.lock();
        try {
            if (broken != null) {
                throw new IOException("the log of file channel " + name + " cannot be written since a failed fsync "
                        + "could not be repaired (" + broken.getMessage() + "); restart the agent", broken);
            }
            if (closed || active == null) {
                throw new IOException("file channel " + name + " is closed");
            }
            if (position + length > maxFileSize && position > SegmentSet.RECORDS_START) {
                roll();
            }
            long seq = 0;
            if (type == RecordType.PUT) {
                seq = nextSeq;
                RecordHeader.setSeq(record, 0, seq);
            }
            long start = position;
            try {
                active.file().writeFully(record, start);
            } catch (IOException e) {
                cutBack(start);
                throw e;
            }
            position = start + length;
            active.advanceWritten(position);
            if (type == RecordType.PUT) {
                nextSeq += count;
            } else {
                takenInside += TakeRecordCodec.countFrom(record, activeFirstSeq);
                takesInside += TakeRecordCodec.countFrom(record, 0);
            }
            ticket = new Ticket(active, start, position, seq, attachment);
            committer.enqueue(ticket);
        } finally {
            appendLock.unlock();
        }
        appended.accept(length);
        return ticket;
    }

    /** The segment being appended to. */
    public long activeSegmentId() {
        appendLock.lock();
        try {
            return active == null ? -1 : active.id();
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Creates the next segment, then closes the active one with a ROLL record. In that order, a ROLL
     * record never names a segment that was not made; a crash between the two leaves a segment
     * without one, and replay then distrusts the next segment's PREVIOUS record.
     */
    private void roll() throws IOException {
        Segment old = active;
        PreviousSegment summary = activeKnown
                ? new PreviousSegment(activeFirstSeq, nextSeq, takenInside, takesInside) : PreviousSegment.UNKNOWN;
        Segment next = segments.create(old.id() + 1, logId, summary);
        PausePoint.reach("segment-roll", next.path());
        long at = old.written();
        try {
            old.file().writeFully(RollRecord.encode(nextSeq), at);
            old.advanceWritten(at + RollRecord.LENGTH);
            committer.enqueue(new Ticket(old, at, at + RollRecord.LENGTH, 0, null));
        } catch (IOException e) {
            cutBack(old, at);
            LOG.warn("File channel {}: could not close {} with a ROLL record ({}); should {} go missing, its loss "
                    + "will not be noticed", name, old, e.toString(), next);
        }
        LOG.debug("File channel {} rolled from {} to {}", name, old, next);
        begin(next);
    }

    /** Best effort: a failed write may have left part of the record, which must not stay behind. */
    private void cutBack(long start) {
        cutBack(active, start);
    }

    private void cutBack(Segment segment, long start) {
        try {
            segment.file().truncate(start);
        } catch (IOException e) {
            LOG.warn("File channel {}: could not cut a failed write back off {} at offset {}: {}", name, segment, start,
                    e.toString());
        }
    }

    /** Called by the committer after a failed fsync, before it fails the round that needed it. */
    private void repair(IOException cause) {
        appendLock.lock();
        try {
            List<Ticket> queued = committer.drain();
            for (Ticket t : queued) {
                t.fail(cause);
            }
            try {
                for (Segment s : segments.all().values()) {
                    if (s.written() > s.durable()) {
                        LOG.warn("File channel {}: cutting {} back from {} to {} bytes, the part known to be on disk",
                                name, s, s.written(), s.durable());
                        s.truncate(s.durable());
                        if (s != active) {
                            segments.forgetPrevious(s.id() + 1);
                        }
                    }
                }
                activeKnown = false;
                roll();
            } catch (IOException e) {
                e.addSuppressed(cause);
                broken = e;
                LOG.error("File channel {}: the log could not be repaired after a failed fsync; every later commit "
                        + "fails until the agent is restarted: {}", name, e.toString());
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** True once a failed fsync could not be repaired. */
    public boolean broken() {
        appendLock.lock();
        try {
            return broken != null;
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public void close() {
        appendLock.lock();
        try {
            closed = true;
        } finally {
            appendLock.unlock();
        }
    }
}
