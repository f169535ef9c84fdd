package io.sluice.channels.file;

import io.sluice.channels.file.replay.RecoveryReport;
import io.sluice.channels.file.replay.ReplayProgress;
import io.sluice.channels.file.wal.checkpoint.Checkpoint;
import io.sluice.channels.file.wal.checkpoint.Checkpointer;
import io.sluice.channels.file.wal.segment.Segment;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file channel's own attributes on its {@code CHANNEL.<name>} metrics entry, after the standard
 * ones: Flume's file channel extras ({@code EventPutErrorCount}, {@code EventTakeErrorCount},
 * {@code CheckpointWriteErrorCount}, {@code CheckpointBackupWriteErrorCount}, {@code Open},
 * {@code Closed}, {@code Unhealthy}) and Sluice's: fsyncs, checkpoints, damage, missing segments and
 * losses found, and replay progress (live while a replay runs). Thread-safe; lives as long as its channel.
 */
final class FileChannelMetrics implements Checkpointer.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannelMetrics.class);

    private final String name;
    final ReplayProgress replay;
    private final LongAdder putErrors = new LongAdder();
    private final LongAdder takeErrors = new LongAdder();
    private final LongAdder checkpointErrors = new LongAdder();
    private final LongAdder backupErrors = new LongAdder();
    private final LongAdder fsyncs = new LongAdder();
    private final LongAdder checkpoints = new LongAdder();
    private final LongAdder damagedRecords = new LongAdder();
    private final LongAdder lostEvents = new LongAdder();
    private final LongAdder missingSegments = new LongAdder();
    private final LongAdder truncatedBytes = new LongAdder();
    private final LongAdder deletedSegments = new LongAdder();
    private volatile boolean open;
    private volatile boolean unhealthy;
    private volatile BooleanSupplier broken = () -> false;

    /** @param replayLogEvery how often a running replay logs its progress */
    FileChannelMetrics(String name, Duration replayLogEvery) {
        this.name = name;
        this.replay = new ReplayProgress(name, replayLogEvery);
    }

    void addTo(Map<String, Object> out) {
        out.put("EventPutErrorCount", putErrors.sum());
        out.put("EventTakeErrorCount", takeErrors.sum());
        out.put("CheckpointWriteErrorCount", checkpointErrors.sum());
        out.put("CheckpointBackupWriteErrorCount", backupErrors.sum());
        out.put("Open", open);
        out.put("Closed", open ? 0 : 1);
        out.put("Unhealthy", unhealthy || broken.getAsBoolean() ? 1 : 0);
        out.put("FsyncCount", fsyncs.sum());
        out.put("CheckpointCount", checkpoints.sum());
        out.put("DeletedSegmentCount", deletedSegments.sum());
        out.put("DamagedRecordCount", damagedRecords.sum());
        out.put("LostEventCount", lostEvents.sum());
        out.put("MissingSegmentCount", missingSegments.sum());
        out.put("TruncatedByteCount", truncatedBytes.sum());
        out.put("ReplayEventCount", replay.events());
        out.put("ReplayPercent", Math.round(replay.percent() * 10) / 10.0);
        out.put("ReplayEventsPerSecond", Math.round(replay.eventsPerSecond()));
        out.put("ReplayRemainingMillis", replay.etaMillis());
        out.put("ReplayMillis", TimeUnit.NANOSECONDS.toMillis(replay.elapsedNanos()));
    }

    void recovered(RecoveryReport report) {
        damagedRecords.add(report.damages().size());
        lostEvents.add(report.lostEvents());
        missingSegments.add(report.missingSegmentCount());
        truncatedBytes.add(report.truncatedBytes());
    }

    void putError() {
        putErrors.increment();
    }

    void takeError() {
        takeErrors.increment();
    }

    /** An event found damaged or missing when a take read it back: lost for good. */
    void lostOnRead() {
        lostEvents.increment();
        damagedRecords.increment();
        takeErrors.increment();
    }

    void fsyncs(long n) {
        fsyncs.add(n);
    }

    void open(boolean isOpen) {
        open = isOpen;
    }

    void unhealthy(boolean is) {
        unhealthy = is;
    }

    /** Set at start: whether the log cannot be written any more (a failed fsync that could not be repaired). */
    void broken(BooleanSupplier logBroken) {
        broken = logBroken;
    }

    long lostEvents() {
        return lostEvents.sum();
    }

    @Override
    public void written(Checkpoint c, int bytes, List<Segment> deleted) {
        checkpoints.increment();
        deletedSegments.add(deleted.size());
        if (!deleted.isEmpty()) {
            LOG.debug("File channel {}: checkpoint of {} events ({} bytes); deleted {}", name, c.entries().size(), bytes,
                    deleted);
        }
    }

    @Override
    public void failed(IOException e) {
        checkpointErrors.increment();
        LOG.error("File channel {}: writing a checkpoint failed; the log is kept and the next one tries again: {}",
                name, e.toString());
    }

    @Override
    public void backupFailed(IOException e) {
        backupErrors.increment();
        LOG.warn("File channel {}: copying the checkpoint to backupCheckpointDir failed: {}", name, e.toString());
    }
}
