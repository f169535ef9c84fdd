package io.sluice.channels.file.replay;

import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.segment.Segment;
import io.sluice.channels.file.wal.segment.SegmentSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The segments missing from the log and what they cost, noted while {@link Replay} runs and settled
 * once it has seen every TAKE record:
 * <ul>
 *   <li>before the checkpoint's position: the checkpoint lists the queued events, so the events it
 *       places in the segment and no later record took are lost, exactly;</li>
 *   <li>in the replayed part, with the next segment's PREVIOUS record: the segment held events
 *       {@code firstSeq … endSeq - 1}, its own TAKE records took {@code takenInside} of them, and
 *       later TAKE records name the others taken; the rest are lost, exactly;</li>
 *   <li>in the replayed part without one (version 1 files, several missing in a row): the gap in
 *       sequence numbers, less later takes, which is an upper bound;</li>
 *   <li>the newest segment (a ROLL record names it, or the checkpoint starts in it): what it held
 *       after the checkpoint cannot be known.</li>
 * </ul>
 * The events missing segments took are delivered again. Not thread-safe; part of one replay.
 */
final class MissingSegments {

    private enum Where { REPLAYED, NEWEST, CHECKPOINT_START }

    /** Segments {@code first … last}; {@code held} describes {@code last}, or is null. */
    private record Gap(long first, long last, PreviousSegment held, Where where) {
        boolean accountedExactly(long id) {
            return id == last && held != null;
        }
    }

    private final RecoveryReport report;
    private final List<Gap> gaps = new ArrayList<>();

    MissingSegments(RecoveryReport report) {
        this.report = report;
    }

    /**
     * Segments {@code first … last} are missing in the replayed part; {@code held} is the PREVIOUS
     * record of the segment after them, or null. Events in {@code [expectedSeq, …)} that no segment
     * holds are added to {@code unreadable}; returns the sequence number replay expects next.
     */
    long replayed(long first, long last, PreviousSegment held, long expectedSeq, SeqRanges unreadable) {
        if (held == null || !held.known()) {
            gaps.add(new Gap(first, last, null, Where.REPLAYED));
            report.atMost();
            return expectedSeq;
        }
        gaps.add(new Gap(first, last, held, Where.REPLAYED));
        if (first < last) {
            report.atMost();
        }
        if (expectedSeq >= 0 && expectedSeq < held.firstSeq()) {
            unreadable.add(expectedSeq, held.firstSeq());
        }
        return Math.max(expectedSeq, held.endSeq());
    }

    /** The newest segment {@code id} is missing: the ROLL record ending the segment before names it. */
    void newest(long id) {
        gaps.add(new Gap(id, id, null, Where.NEWEST));
        report.unknown();
    }

    /** Segment {@code id}, where the checkpoint's replay starts, is missing with every one after it. */
    void checkpointStart(long id) {
        gaps.add(new Gap(id, id, null, Where.CHECKPOINT_START));
        report.unknown();
    }

    /**
     * Drops from {@code state} the events taken by later records and those in missing segments (or
     * past the end of a segment cut short), counts the lost ones into the report, and reports each
     * missing segment with what it cost.
     */
    void settle(Entries state, SegmentSet segments, SeqRanges taken) {
        Map<Long, long[]> queuedIn = new TreeMap<>();
        state.retain(i -> {
            boolean wasTaken = taken.contains(state.seq(i));
            long pointer = state.pointer(i);
            Segment s = segments.get(Pointer.segment(pointer));
            if (s != null && Pointer.offset(pointer) < s.written()) {
                return !wasTaken;
            }
            long[] counts = queuedIn.computeIfAbsent(Pointer.segment(pointer), k -> new long[2]);
            counts[0]++;
            counts[1] += wasTaken ? 0 : 1;
            return false;
        });
        for (Gap g : gaps) {
            report.missing(g.last() - g.first() + 1, describe(g, queuedIn, taken));
        }
        queuedIn.forEach((id, counts) -> {
            if (gaps.stream().anyMatch(g -> id >= g.first() && id <= g.last())) {
                return;
            }
            report.lost(counts[1]);
            if (segments.get(id) != null) {
                report.missing(0, counts[0] + " queued event(s) point past the end of " + SegmentSet.fileName(id)
                        + ", which is shorter than it was; " + counts[1] + " of them, not taken since, are lost");
            } else {
                report.missing(1, "segment " + SegmentSet.fileName(id) + " is missing. It lies before the checkpoint's "
                        + "position, whose list of queued events is exact: " + counts[0] + " were in it, "
                        + (counts[0] - counts[1]) + " taken since; LOST " + counts[1]);
            }
        });
    }

    private String describe(Gap g, Map<Long, long[]> queuedIn, SeqRanges taken) {
        String which = g.first() == g.last() ? "segment " + SegmentSet.fileName(g.first()) + " is"
                : "segments " + SegmentSet.fileName(g.first()) + " to " + SegmentSet.fileName(g.last()) + " are";
        long queued = 0;
        long queuedLost = 0;
        for (long id = g.first(); id <= g.last(); id++) {
            long[] counts = queuedIn.get(id);
            if (counts != null && !g.accountedExactly(id)) {
                queued += counts[0];
                queuedLost += counts[1];
            }
        }
        report.lost(queuedLost);
        String checkpointed = queued == 0 ? "" : "; the checkpoint lists " + queued + " queued event(s) in "
                + (g.held() == null ? "it" : "the ones before the last") + ", " + queuedLost + " of them not taken since "
                + "and counted as lost";
        return switch (g.where()) {
            case NEWEST -> which + " missing, the newest (the segment before it ends with a ROLL record naming "
                    + "it): what was written to it after the checkpoint cannot be known, so the number of events "
                    + "lost with it is unknown" + checkpointed + "; events it took will be delivered again";
            case CHECKPOINT_START -> which + " missing, where the checkpoint's replay starts, with every segment "
                    + "after it: what was written there after the checkpoint cannot be known" + checkpointed;
            case REPLAYED -> g.held() == null ? replayedWithoutSummary(which) + checkpointed
                    : replayedWithSummary(which, g, taken) + checkpointed;
        };
    }

    private static String replayedWithoutSummary(String which) {
        return which + " missing, and no PREVIOUS record says what was taken inside: the events put in it (the gap "
                + "in sequence numbers) and not taken by a later record are counted as lost, an upper bound; events it "
                + "took will be delivered again";
    }

    private String replayedWithSummary(String which, Gap g, SeqRanges taken) {
        PreviousSegment held = g.held();
        long takenLater = taken.countIn(held.firstSeq(), held.endSeq());
        long lost = held.puts() - held.takenInside() - takenLater;
        if (lost < 0) {
            // The record and the later takes disagree; count nothing from it and say the total is a bound.
            report.atMost();
            lost = 0;
        }
        report.lost(lost);
        String earlier = g.first() == g.last() ? "" : " The ones before the last are counted from the gap in "
                + "sequence numbers, an upper bound.";
        long tookEarlier = held.takesInside() - held.takenInside();
        String events = held.puts() == 0 ? "no events" : held.puts() + " event(s) (sequence numbers "
                + held.firstSeq() + " to " + (held.endSeq() - 1) + "), " + held.takenInside() + " taken inside it and "
                + takenLater + " by later records";
        return which + " missing. " + SegmentSet.fileName(g.last()) + " held " + events + ": LOST " + lost
                + (tookEarlier > 0 ? "; its " + tookEarlier + " take(s) of earlier events are gone, so those events "
                + "will be delivered again" : "") + "." + earlier;
    }
}
