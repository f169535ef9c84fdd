package io.sluice.channels.file.replay;

import io.sluice.channels.file.wal.segment.Damage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What recovery found and did at start: which checkpoint it started from (or why it could not use
 * one), how much log it replayed, every damaged record with its file and offset, bytes truncated
 * from a torn tail, missing segments, and the number of events lost, with whether that number is
 * exact. Filled by {@link Replay}, then read-only; logged once by {@link #log}.
 */
public final class RecoveryReport {

    /** How far {@link #lostEvents()} can be trusted. */
    public enum Bound {
        /** The events lost, exactly. */
        EXACT,
        /**
         * An upper bound: a missing segment without a PREVIOUS record after it (written before format
         * version 2, or two missing in a row) may have taken some of its own events itself.
         */
        AT_MOST,
        /**
         * The newest segment is missing: what was written to it after the checkpoint cannot be known.
         * The count holds the other losses and the events the checkpoint places in that segment.
         */
        UNKNOWN
    }

    private String recoveryPath = "";
    private final List<String> rejected = new ArrayList<>();
    private final List<String> removedTemps = new ArrayList<>();
    private final List<Damage> damages = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> quarantined = new ArrayList<>();
    private long segmentsScanned;
    private long bytesScanned;
    private long putEvents;
    private long takenEvents;
    private long truncatedBytes;
    private long lostEvents;
    private Bound bound = Bound.EXACT;
    private long missingSegmentCount;
    private long liveEvents;
    private long nanos;

    void recoveryPath(String path) {
        recoveryPath = path;
    }

    void rejected(String why) {
        rejected.add(why);
    }

    public void removedTemp(String path) {
        removedTemps.add(path);
    }

    void damage(Damage d) {
        damages.add(d);
    }

    /** {@code segments} segment files are missing; {@code what} says which and what that cost. */
    void missing(long segments, String what) {
        missingSegmentCount += segments;
        missing.add(what);
    }

    /** The count may include events taken inside a missing segment. */
    void atMost() {
        if (bound == Bound.EXACT) {
            bound = Bound.AT_MOST;
        }
    }

    void unknown() {
        bound = Bound.UNKNOWN;
    }

    void scanned(long segments, long bytes, long puts, long takes) {
        segmentsScanned = segments;
        bytesScanned = bytes;
        putEvents = puts;
        takenEvents = takes;
    }

    void quarantined(String file, long bytes) {
        quarantined.add(file + " (" + bytes + " bytes)");
    }

    void truncated(long bytes) {
        truncatedBytes += bytes;
    }

    void lost(long events) {
        lostEvents += events;
    }

    void finish(long live, long elapsedNanos) {
        liveEvents = live;
        nanos = elapsedNanos;
    }

    /** How the state was rebuilt, e.g. "checkpoint /dir/sluice-checkpoint, then 3 segment(s) of log". */
    public String recoveryPath() {
        return recoveryPath;
    }

    /** Checkpoint files that could not be used, each with the reason. */
    public List<String> rejectedCheckpoints() {
        return List.copyOf(rejected);
    }

    public List<Damage> damages() {
        return List.copyOf(damages);
    }

    public List<String> missingSegments() {
        return List.copyOf(missing);
    }

    public long truncatedBytes() {
        return truncatedBytes;
    }

    /**
     * Committed events that recovery could not bring back: unreadable, or in missing segments;
     * {@link #bound()} says whether the number is exact.
     */
    public long lostEvents() {
        return lostEvents;
    }

    public Bound bound() {
        return bound;
    }

    /** Segment files found missing from the log. */
    public long missingSegmentCount() {
        return missingSegmentCount;
    }

    /** How many committed events were lost: "7 committed event(s)", "at most 7 …", "an unknown number …". */
    public String describeLost() {
        return switch (bound) {
            case EXACT -> lostEvents + " committed event(s)";
            case AT_MOST -> "at most " + lostEvents + " committed event(s)";
            case UNKNOWN -> "an unknown number of committed events (" + lostEvents + " counted)";
        };
    }

    public long liveEvents() {
        return liveEvents;
    }

    public long replayedEvents() {
        return putEvents + takenEvents;
    }

    /**
     * Whether anything committed may be gone: lost events, damage in the middle of the log, an
     * unreadable tail, or missing segments. A write cut off at the very end (a crash) is not.
     */
    public boolean anyLoss() {
        return lostEvents > 0 || !missing.isEmpty()
                || damages.stream().anyMatch(d -> d.kind() != Damage.Kind.CUT_OFF);
    }

    /** Logs one summary line, plus one line per rejected checkpoint, damage and missing segment. */
    public void log(Logger log, String channel) {
        for (String t : removedTemps) {
            log.info("File channel {}: removed {} left by an interrupted write", channel, t);
        }
        for (String r : rejected) {
            log.warn("File channel {}: cannot use {}", channel, r);
        }
        for (Damage d : damages) {
            if (d.kind() == Damage.Kind.CUT_OFF) {
                log.warn("File channel {}: torn write at the end of the log, {}", channel, d.describe());
            } else {
                log.error("File channel {}: damaged record in {}", channel, d.describe());
            }
        }
        for (String m : missing) {
            log.error("File channel {}: {}", channel, m);
        }
        for (String q : quarantined) {
            log.warn("File channel {}: kept the unreadable tail aside as {} before truncating it", channel, q);
        }
        String summary = "File channel " + channel + " recovered " + liveEvents + " events in "
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms from " + recoveryPath + ": replayed " + putEvents
                + " puts and " + takenEvents + " takes from " + bytesScanned + " bytes in " + segmentsScanned
                + " segment(s)" + (truncatedBytes > 0 ? ", truncated " + truncatedBytes + " bytes of torn tail" : "");
        if (lostEvents > 0 || bound == Bound.UNKNOWN) {
            log.error("{}; LOST {} to the damage listed above", summary, describeLost());
        } else if (!damages.isEmpty() || !rejected.isEmpty() || !missing.isEmpty()) {
            log.warn("{}; no committed event was lost", summary);
        } else {
            log.info("{}", summary);
        }
    }
}
