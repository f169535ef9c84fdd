package io.sluice.channels.file.replay;

import io.sluice.channels.file.wal.segment.Damage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What recovery found and did at start: which checkpoint it started from (or why it could not use
 * one), how much log it replayed, every damaged record with its file and offset, bytes truncated
 * from a torn tail, missing segments, and the exact number of events lost. Filled by {@link Replay},
 * then read-only; logged once by {@link #log}.
 */
public final class RecoveryReport {
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

    void missing(String what) {
        missing.add(what);
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

    /** Committed events that recovery could not bring back: unreadable, or in missing segments. */
    public long lostEvents() {
        return lostEvents;
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
        if (lostEvents > 0) {
            log.error("{}; LOST {} committed event(s) to the damage listed above", summary, lostEvents);
        } else if (!damages.isEmpty() || !rejected.isEmpty()) {
            log.warn("{}; no committed event was lost", summary);
        } else {
            log.info("{}", summary);
        }
    }
}
