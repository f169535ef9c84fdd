package io.sluice.channels.file.wal.checkpoint;

import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.segment.GroupCommitter;
import io.sluice.channels.file.wal.segment.Segment;
import io.sluice.channels.file.wal.segment.SegmentSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints every {@code checkpointInterval}, and sooner once {@code bytesTrigger} bytes
 * of log were appended since the last one (so replay after a crash stays short however fast the
 * channel runs). A checkpoint is a copy of the pointer queue taken under the channel's lock in a few
 * milliseconds; forcing the log, writing the file and the backup, and deleting segments happen on
 * this thread while puts and takes go on. After each checkpoint it deletes, oldest first, the
 * segments that no live event points into and that no kept checkpoint replays from.
 *
 * <p>Thread-safe: checkpoints are serialised; {@link #afterAppend} may be called from any thread.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    /** Captures the channel's state; null when nothing changed since the last capture and {@code force} is false. */
    @FunctionalInterface
    public interface StateSource {
        Checkpoint capture(boolean force);
    }

    /** Told about checkpoint outcomes (the channel's counters). */
    public interface Listener {
        void written(Checkpoint c, int bytes, List<Segment> deletedSegments);

        void failed(IOException e);

        void backupFailed(IOException e);
    }

    private final String name;
    private final StateSource source;
    private final CheckpointStore store;
    private final GroupCommitter committer;
    private final SegmentSet segments;
    private final LongSupplier activeSegment;
    private final long intervalMillis;
    private final long bytesTrigger;
    private final Listener listener;
    private final AtomicLong bytesSince = new AtomicLong();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final ScheduledExecutorService executor;

    public Checkpointer(String name, StateSource source, CheckpointStore store, GroupCommitter committer,
                        SegmentSet segments, LongSupplier activeSegment, long intervalMillis, long bytesTrigger,
                        Listener listener) {
        this.name = name;
        this.source = source;
        this.store = store;
        this.committer = committer;
        this.segments = segments;
        this.activeSegment = activeSegment;
        this.intervalMillis = intervalMillis;
        this.bytesTrigger = bytesTrigger;
        this.listener = listener;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "filechannel-" + name + "-checkpoint");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::scheduled, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Counts appended log bytes; asks for an early checkpoint when enough piled up. */
    public void afterAppend(long bytes) {
        if (bytesSince.addAndGet(bytes) >= bytesTrigger && requested.compareAndSet(false, true)) {
            try {
                executor.execute(this::scheduled);
            } catch (RejectedExecutionException closing) {
                requested.set(false);
            }
        }
    }

    private void scheduled() {
        requested.set(false);
        try {
            checkpoint(false);
        } catch (IOException | RuntimeException e) {
            // The listener counts and logs it; the next interval tries again.
        }
    }

    /**
     * Writes a checkpoint now (at start after recovery, and at close); with {@code force} even if
     * nothing changed. Throws if the checkpoint could not be written.
     */
    public synchronized void checkpoint(boolean force) throws IOException {
        long appendedBefore = bytesSince.get();
        Checkpoint c = source.capture(force || store.lagging());
        if (c == null) {
            return;
        }
        ByteBuffer bytes;
        try {
            committer.forceAll();
            bytes = CheckpointCodec.encode(c);
            store.write(c.position(), bytes);
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException ioe ? ioe : new IOException(e.toString(), e);
            listener.failed(io);
            throw io;
        }
        bytesSince.addAndGet(-appendedBefore);
        if (store.hasBackup()) {
            try {
                store.writeBackup(c.position(), bytes);
            } catch (IOException e) {
                listener.backupFailed(e);
            }
        }
        List<Segment> deleted = deleteSegments(c.entries(), c.position());
        listener.written(c, bytes.remaining(), deleted);
    }

    /** Deletes segments before the oldest one still needed; failures are logged and retried next time. */
    private List<Segment> deleteSegments(Entries live, long position) {
        long keepFrom = Pointer.segment(store.oldestPosition(position));
        for (int i = 0; i < live.size(); i++) {
            keepFrom = Math.min(keepFrom, Pointer.segment(live.pointer(i)));
        }
        keepFrom = Math.min(keepFrom, activeSegment.getAsLong());
        try {
            return segments.deleteBefore(keepFrom);
        } catch (IOException e) {
            LOG.warn("File channel {}: could not delete segments before {}: {}", name, SegmentSet.fileName(keepFrom),
                    e.toString());
            return List.of();
        }
    }

    /**
     * Stops the schedule and waits for a checkpoint in progress. No interrupt: it would close the
     * files the checkpoint is forcing.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
