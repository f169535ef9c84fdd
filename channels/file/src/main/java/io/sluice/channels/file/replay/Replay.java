package io.sluice.channels.file.replay;

import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.checkpoint.Checkpoint;
import io.sluice.channels.file.wal.checkpoint.CheckpointStore.Candidate;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.record.RollRecord;
import io.sluice.channels.file.wal.segment.Damage;
import io.sluice.channels.file.wal.segment.Segment;
import io.sluice.channels.file.wal.segment.SegmentHeader;
import io.sluice.channels.file.wal.segment.SegmentScanner;
import io.sluice.channels.file.wal.segment.SegmentSet;
import io.sluice.channels.file.wal.segment.SegmentSet.Found;
import io.sluice.channels.file.io.StorageFile;
import io.sluice.channels.file.io.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rebuilds the channel's queue at start: takes the best intact checkpoint (current, previous,
 * backup; one whose replay start was already deleted is stale), applies every record after its
 * position, and drops what later takes removed. Damage never stops it: a damaged record costs only
 * its unreadable events, a torn tail of the last segment is truncated (when {@code repair}), a
 * missing segment costs the events in it ({@link MissingSegments}), and the report counts the
 * committed events that could not be brought back, saying when that count can only be a bound.
 * Not thread-safe; runs once, on the starting thread.
 */
public final class Replay implements SegmentScanner.Visitor {

    /** The rebuilt state: live events in queue order, what comes next, and the report. */
    public record Result(UUID logId, Entries live, long nextSeq, long lastSegmentId, RecoveryReport report,
                         List<Candidate> usableCheckpoints) {
    }

    /** Events between progress updates: cheap enough to keep the metric live on a fast replay. */
    private static final int PROGRESS_EVERY = 1 << 12;

    private final RecoveryReport report = new RecoveryReport();
    private final SeqRanges taken = new SeqRanges();
    private final SeqRanges unreadable = new SeqRanges();
    private final MissingSegments missing = new MissingSegments(report);
    private final Storage storage;
    private final ReplayProgress progress;
    private final SegmentScanner scanner = new SegmentScanner();
    private Entries state;
    private long expectedSeq = -1;
    private long recordEnd;
    private long nextInRecord;
    private boolean skipRecord;
    private long puts;
    private long takes;
    private long bytesBefore;
    private long currentFrom;
    private Path currentPath;
    private boolean tailCutOff;

    private Replay(Storage storage, ReplayProgress progress) {
        this.storage = storage;
        this.progress = progress;
    }

    /**
     * @param scan        the segment files found, with their headers
     * @param segments    the same segments, open for reading (and writing when {@code repair})
     * @param checkpoints the checkpoint files, best first
     * @param repair      truncate a torn tail of the last segment, an unreadable one copied aside first
     *                    (false for a read-only check)
     */
    public static Result run(Storage storage, SegmentSet.Scan scan, SegmentSet segments, List<Candidate> checkpoints,
                             boolean repair, ReplayProgress progress) throws IOException {
        return new Replay(storage, progress).replay(scan, segments, checkpoints, repair);
    }

    private Result replay(SegmentSet.Scan scan, SegmentSet segments, List<Candidate> checkpoints, boolean repair)
            throws IOException {
        long t0 = System.nanoTime();
        if (!scan.duplicates().isEmpty()) {
            throw new IllegalStateException(String.join("; ", scan.duplicates()));
        }
        List<Found> found = scan.segments();
        UUID logId = logIdOf(found);
        List<Candidate> usable = new ArrayList<>();
        Candidate chosen = null;
        for (Candidate c : checkpoints) {
            String problem = c.problem() != null ? c.problem() : unusable(c.checkpoint(), logId, found);
            if (problem != null) {
                report.rejected(c.label() + " " + c.path() + ": " + problem);
            } else {
                usable.add(c);
                if (chosen == null) {
                    chosen = c;
                }
            }
        }
        Checkpoint cp = chosen == null ? null : chosen.checkpoint();
        if (logId == null) {
            logId = cp != null ? cp.logId() : UUID.randomUUID();
        }
        state = cp != null ? cp.entries() : new Entries();
        expectedSeq = cp != null ? cp.nextSeq() : -1;
        long startSegment = cp != null ? Pointer.segment(cp.position()) : found.isEmpty() ? 0 : found.get(0).id();
        List<Found> todo = found.stream().filter(f -> f.id() >= startSegment).toList();
        report.recoveryPath(cp != null ? chosen.label() + " " + chosen.path() + " (replay from "
                + Pointer.describe(cp.position()) + ")" : found.isEmpty() ? "empty data directories"
                : "a full replay of every segment (no usable checkpoint)");

        long total = 0;
        for (Found f : todo) {
            total += Math.max(0, f.size() - from(f, cp));
        }
        progress.begin(total);
        long previous = cp != null ? startSegment - 1 : todo.isEmpty() ? -1 : todo.get(0).id() - 1;
        boolean previousRolled = false;
        for (int i = 0; i < todo.size(); i++) {
            Found f = todo.get(i);
            if (f.id() != previous + 1) {
                expectedSeq = missing.replayed(previous + 1, f.id() - 1, f.previous(), expectedSeq, unreadable);
            } else if (i > 0 && !previousRolled && repair && f.previous() != null && f.previous().known()) {
                // The writer moved on before all it counted in f's PREVIOUS record was on disk.
                segments.forgetPrevious(f.id());
            }
            previous = f.id();
            long size = scanSegment(f, segments.get(f.id()), from(f, cp), i == todo.size() - 1 && repair);
            previousRolled = endsWithRoll(segments.get(f.id()), size);
        }
        long lastSegment = Math.max(found.isEmpty() ? 0 : found.get(found.size() - 1).id(), startSegment);
        if (!todo.isEmpty() && previousRolled) {
            missing.newest(previous + 1);
            lastSegment = previous + 1;
        }
        if (cp != null && todo.isEmpty()) {
            missing.checkpointStart(startSegment);
        }
        flushRecord();
        progress.end(bytesBefore, puts + takes);
        report.scanned(todo.size(), bytesBefore, puts, takes);

        taken.seal();
        unreadable.seal();
        report.lost(unreadable.countNotIn(taken));
        missing.settle(state, segments, taken);
        long nextSeq = Math.max(0, Math.max(expectedSeq, cp != null ? cp.nextSeq() : 0));
        for (Found f : found) {
            if (f.previous() != null && f.previous().known()) {
                // Never reuse a number a PREVIOUS record gave out, even if a crash took its event.
                nextSeq = Math.max(nextSeq, f.previous().endSeq());
            }
        }
        report.finish(state.size(), System.nanoTime() - t0);
        return new Result(logId, state, nextSeq, lastSegment, report, usable);
    }

    private static long from(Found f, Checkpoint cp) {
        return cp != null && f.id() == Pointer.segment(cp.position()) ? Pointer.offset(cp.position())
                : SegmentHeader.SIZE;
    }

    /** The log id of the newest segment with an intact header; refuses segments of another log. */
    private static UUID logIdOf(List<Found> found) {
        UUID logId = null;
        for (int i = found.size() - 1; i >= 0; i--) {
            SegmentHeader h = found.get(i).header();
            if (h == null) {
                continue;
            }
            if (logId == null) {
                logId = h.logId();
            } else if (!logId.equals(h.logId())) {
                throw new IllegalStateException(found.get(i).path() + " belongs to another file channel (log id "
                        + h.logId() + "; the newer segments have " + logId + "); move it out of the data directories");
            }
        }
        return logId;
    }

    private static String unusable(Checkpoint c, UUID logId, List<Found> found) {
        if (logId != null && !logId.equals(c.logId())) {
            return "it belongs to another file channel (log id " + c.logId() + ", the segments have " + logId + ")";
        }
        long start = Pointer.segment(c.position());
        if (!found.isEmpty() && start < found.get(0).id()) {
            return "it is stale: it replays from " + SegmentSet.fileName(start) + ", which was deleted since (the oldest "
                    + "segment is " + SegmentSet.fileName(found.get(0).id()) + ")";
        }
        return null;
    }

    /** Scans one segment from {@code from}; returns its size afterwards (a torn tail of the last one cut off). */
    private long scanSegment(Found f, Segment segment, long from, boolean last) throws IOException {
        if (f.header() == null) {
            report.damage(new Damage(f.path(), 0, "unreadable segment header: " + f.problem()
                    + "; reading its records anyway", -1, Damage.Kind.DAMAGED));
        }
        if (f.size() < from) {
            report.damage(new Damage(f.path(), f.size(), "the segment is " + f.size()
                    + " bytes long but the checkpoint replays it from offset " + from, -1, Damage.Kind.DAMAGED));
            return f.size();
        }
        StorageFile file = segment.file();
        currentFrom = from;
        currentPath = f.path();
        tailCutOff = false;
        long end = scanner.scan(file, f.id(), from, this);
        flushRecord();
        bytesBefore += f.size() - from;
        if (end < f.size() && last) {
            if (!tailCutOff) {
                quarantine(file, end, f.size());
            }
            file.truncate(end);
            file.force();
            report.truncated(f.size() - end);
            return end;
        }
        return f.size();
    }

    /** Whether the segment's last record is a ROLL record: the writer moved on to the next one. */
    private static boolean endsWithRoll(Segment segment, long size) throws IOException {
        if (size < SegmentSet.RECORDS_START + RollRecord.LENGTH) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.allocate(RollRecord.LENGTH);
        if (segment.file().readUpTo(buf, size - RollRecord.LENGTH) < RollRecord.LENGTH) {
            return false;
        }
        RecordHeader header = RecordHeader.parse(buf, 0);
        return header != null && header.type() == RecordType.ROLL && header.length() == RollRecord.LENGTH;
    }

    /**
     * Copies an unreadable tail aside ({@code <segment>.damaged-at-<offset>}, never read by the
     * channel) before it is truncated: it may be a committed record with a damaged header, worth a
     * look. A write merely cut off by a crash is not kept.
     */
    private void quarantine(StorageFile file, long from, long to) throws IOException {
        Path aside = file.path().resolveSibling(file.path().getFileName() + ".damaged-at-" + from);
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(to - from, Integer.MAX_VALUE - 8));
        file.readUpTo(bytes, from);
        bytes.flip();
        storage.delete(aside);
        try (StorageFile out = storage.create(aside)) {
            out.writeFully(bytes, 0);
            out.force();
        }
        report.quarantined(aside.toString(), to - from);
    }

    @Override
    public void putRecord(long recordPointer, long firstSeq, int count) {
        flushRecord();
        if (expectedSeq >= 0 && firstSeq < expectedSeq) {
            skipRecord = true;
            report.damage(new Damage(currentPath, Pointer.offset(recordPointer), "PUT record repeats sequence numbers "
                    + "from " + firstSeq + " (expected " + expectedSeq + " or more); ignored", count, Damage.Kind.DAMAGED));
            return;
        }
        if (expectedSeq >= 0 && firstSeq > expectedSeq) {
            unreadable.add(expectedSeq, firstSeq);
        }
        skipRecord = false;
        nextInRecord = firstSeq;
        recordEnd = firstSeq + count;
        expectedSeq = recordEnd;
    }

    @Override
    public void event(long seq, long pointer) {
        if (skipRecord) {
            return;
        }
        unreadable.add(nextInRecord, seq);
        nextInRecord = seq + 1;
        state.add(seq, pointer, null);
        if (++puts % PROGRESS_EVERY == 0) {
            progress.advance(bytesBefore + scanner.scanned() - currentFrom, puts + takes);
        }
    }

    @Override
    public void take(long[] ranges, int count) {
        flushRecord();
        for (int i = 0; i < count; i++) {
            taken.add(ranges[2 * i], ranges[2 * i + 1]);
            takes += ranges[2 * i + 1] - ranges[2 * i];
        }
        progress.advance(bytesBefore + scanner.scanned() - currentFrom, puts + takes);
    }

    @Override
    public void damage(Damage d) {
        report.damage(d);
        tailCutOff = d.kind() == Damage.Kind.CUT_OFF;
        if (d.kind() == Damage.Kind.CUT_OFF) {
            // A record cut off by a crash was never committed: its events are not lost, they never were.
            nextInRecord = recordEnd;
        }
    }

    /** The events of the last PUT record that were not reported intact are unreadable. */
    private void flushRecord() {
        if (!skipRecord && nextInRecord < recordEnd) {
            unreadable.add(nextInRecord, recordEnd);
        }
        nextInRecord = recordEnd;
    }
}
