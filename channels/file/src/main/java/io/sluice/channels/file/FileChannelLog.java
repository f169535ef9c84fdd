package io.sluice.channels.file;

import io.sluice.api.Event;
import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.replay.RecoveryReport;
import io.sluice.channels.file.replay.Replay;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.checkpoint.CheckpointStore;
import io.sluice.channels.file.wal.checkpoint.Checkpointer;
import io.sluice.channels.file.wal.segment.EventReader;
import io.sluice.channels.file.wal.segment.GroupCommitter;
import io.sluice.channels.file.wal.segment.LogWriter;
import io.sluice.channels.file.wal.segment.SegmentSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file channel's open log and everything around it, assembled at start in order: lock the
 * directories, refuse Flume's files, remove temp files, replay, open a new segment, start the group
 * committer, write a checkpoint of the recovered state (so the same damage is never replayed
 * again), start the checkpoint schedule. {@link #close} takes it apart in reverse. Not thread-safe;
 * opened and closed by the channel's lifecycle.
 */
final class FileChannelLog {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannelLog.class);
    /** Log bytes after which a checkpoint is written early, bounding replay after a crash to well under a second. */
    static final long CHECKPOINT_EVERY_BYTES = 128L << 20;

    private final String name;
    private final FileChannelConfig config;
    private final Storage storage;
    private final FileChannelMetrics metrics;
    private final DirectoryLock lock;
    private SegmentSet segments;
    private GroupCommitter committer;
    private LogWriter writer;
    private ChannelState state;
    private Checkpointer checkpointer;
    private RecoveryReport report;

    private FileChannelLog(String name, FileChannelConfig config, Storage storage, FileChannelMetrics metrics,
                           DirectoryLock lock) {
        this.name = name;
        this.config = config;
        this.storage = storage;
        this.metrics = metrics;
        this.lock = lock;
    }

    static FileChannelLog open(String name, FileChannelConfig config, Storage storage, FileChannelMetrics metrics)
            throws IOException {
        FileChannelLog log = new FileChannelLog(name, config, storage, metrics,
                DirectoryLock.acquire(name, config.allDirs()));
        try {
            log.recover();
            return log;
        } catch (IOException | RuntimeException e) {
            log.close(false);
            throw e;
        }
    }

    private void recover() throws IOException {
        for (Path dir : config.allDirs()) {
            List<String> flume = FlumeLeftovers.in(storage, dir);
            if (!flume.isEmpty()) {
                throw new IllegalStateException("file channel " + name + ": " + dir + " holds an undrained Apache Flume "
                        + "file channel (" + String.join(", ", flume) + "). Sluice cannot read Flume's format: drain it "
                        + "with Flume first, or move those files away");
            }
        }
        CheckpointStore store = new CheckpointStore(storage, config.checkpointDir(), config.backupDir());
        List<Path> temps = store.leftovers();
        SegmentSet.Scan scan = SegmentSet.scan(storage, config.dataDirs());
        segments = new SegmentSet(storage, config.dataDirs(), true, scan.segments());
        Replay.Result result = Replay.run(storage, scan, segments, store.read(), true, metrics.replay);
        report = result.report();
        for (Path p : concat(temps, scan.tempFiles())) {
            storage.delete(p);
            report.removedTemp(p.toString());
        }
        metrics.recovered(report);
        report.log(LOG, name);
        if (config.strictRecovery()) {
            refuseAnyLoss(result.live());
        }
        store.adopt(result.usableCheckpoints());

        committer = new GroupCommitter(name, config.fsyncPerTransaction(),
                TimeUnit.SECONDS.toNanos(config.fsyncIntervalSeconds()), group -> state.publish(group), metrics::fsyncs);
        writer = new LogWriter(name, segments, result.logId(), config.maxFileSize(), result.nextSeq(), committer,
                bytes -> checkpointer.afterAppend(bytes));
        long start = writer.open(result.lastSegmentId() + 1);
        state = new ChannelState(name, result.logId(), config.capacity(), config.eventCacheBytes(), result.live(), start,
                result.nextSeq());
        metrics.broken(writer::broken);
        committer.start();
        checkpointer = new Checkpointer(name, state, store, committer, segments, writer::activeSegmentId,
                config.checkpointIntervalMillis(), CHECKPOINT_EVERY_BYTES, metrics);
        checkpointer.checkpoint(true);
        checkpointer.start();
    }

    /** strictRecovery: any loss at replay, or any queued event that does not read back intact, refuses the start. */
    private void refuseAnyLoss(Entries live) throws IOException {
        long unreadable = 0;
        if (!report.anyLoss()) {
            EventReader reader = new EventReader(segments);
            int batch = 4096;
            long[] pointers = new long[batch];
            Event[] events = new Event[batch];
            long[] lost = {0};
            for (int i = 0; i < live.size(); i += batch) {
                int n = Math.min(batch, live.size() - i);
                System.arraycopy(live.pointerArray(), i, pointers, 0, n);
                Arrays.fill(events, null);
                reader.read(pointers, events, 0, n, (index, pointer, segment, reason) -> {
                    lost[0]++;
                    LOG.error("File channel {}: queued event in {} at offset {} cannot be read: {}", name,
                            segment != null ? segment.path() : "(missing segment)",
                            Pointer.offset(pointer), reason);
                });
            }
            unreadable = lost[0];
        }
        if (report.anyLoss() || unreadable > 0) {
            throw new IllegalStateException("file channel " + name + ": strictRecovery = true and recovery found damage ("
                    + (report.lostEvents() + unreadable) + " committed event(s) lost; details logged above), so it "
                    + "does not start. Inspect with bin/agent filechannel-check, or set strictRecovery = false to "
                    + "start without the lost events");
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    ChannelState state() {
        return state;
    }

    LogWriter writer() {
        return writer;
    }

    SegmentSet segments() {
        return segments;
    }

    /** Checkpoints are written holding this object's monitor (crash-copy tests hold it to get one moment). */
    Object checkpointMonitor() {
        return checkpointer;
    }

    /** Stops waiters, writes a last checkpoint if asked and possible, and releases files and locks. */
    void close(boolean checkpoint) {
        if (state != null) {
            state.stop();
        }
        if (checkpointer != null) {
            checkpointer.close();
            if (checkpoint && !writer.broken()) {
                try {
                    checkpointer.checkpoint(false);
                } catch (IOException e) {
                    LOG.warn("File channel {}: no checkpoint at close ({}); the next start replays the log instead", name,
                            e.toString());
                }
            }
        }
        if (committer != null) {
            committer.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (segments != null) {
            segments.close();
        }
        lock.close();
    }
}
