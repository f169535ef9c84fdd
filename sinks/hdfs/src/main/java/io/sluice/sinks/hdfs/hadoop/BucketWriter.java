package io.sluice.sinks.hdfs.hadoop;

import io.sluice.sinks.hdfs.HdfsSinkConfig;
import io.sluice.sinks.hdfs.BucketKey;
import io.sluice.api.Event;
import io.sluice.api.metrics.SinkCounter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of one bucket: opened on the first event, rolled by count, size and low replication
 * before an event is written, by interval and idleness when the sink asks ({@link #dueToRoll}).
 * Names follow Flume: {@code <dir>/<inUsePrefix><prefix>.<n><ext><inUseSuffix>} while open, then
 * {@code <dir>/<prefix>.<n><ext>}, where {@code n} starts at the epoch milliseconds when the bucket
 * was first used and grows by one per file. A name whose in-use or final file exists is skipped.
 *
 * <p>Used by one thread at a time: a pool thread during {@link #write}, otherwise the sink's thread;
 * the sink waits for every write before it touches the bucket again. A bucket whose write timed out
 * is {@link #detach() detached}: the sink forgets it, and when its late write ends it gives its file up.
 */
final class BucketWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BucketWriter.class);
    private static final int MAX_UNDER_REPLICATED_ROLLS = 30;

    /** Makes the format writer of a newly created file. */
    @FunctionalInterface
    interface FormatFactory {
        FormatWriter create(FSDataOutputStream out) throws IOException;
    }

    private final BucketKey key;
    private final HdfsSinkConfig config;
    private final HadoopAccess hadoop;
    private final FileFinalizer finalizer;
    private final FormatFactory formats;
    private final String extension;
    private final int minReplicas;
    private final SinkCounter counter;
    private final Path directory;
    private long fileCounter = System.currentTimeMillis();
    private volatile boolean detached;

    private FileSystem fs;
    private Path inUse;
    private Path target;
    private FormatWriter writer;
    private long events;
    private long bodyBytes;
    private long openedNanos;
    private long lastDataNanos;
    private int underReplicatedRolls;
    private boolean warnedNoHflush;

    BucketWriter(BucketKey key, HdfsSinkConfig config, HadoopAccess hadoop, FileFinalizer finalizer,
                 FormatFactory formats, String extension, int minReplicas, SinkCounter counter) {
        this.key = key;
        this.config = config;
        this.hadoop = hadoop;
        this.finalizer = finalizer;
        this.formats = formats;
        this.extension = extension;
        this.minReplicas = minReplicas;
        this.counter = counter;
        this.directory = new Path(key.directory());
    }

    /**
     * Appends the events in order and flushes. On failure the file is given up (closed, cut back to
     * its last flush where possible, renamed) and the exception rethrown.
     */
    void write(List<Event> batch) throws IOException {
        try {
            if (writer != null && underReplicated()) {
                roll();
            }
            for (Event e : batch) {
                if (writer != null && full()) {
                    roll();
                }
                if (writer == null) {
                    open();
                }
                writer.append(e);
                events++;
                bodyBytes += e.body().length;
            }
            if (writer != null) {
                writer.flush();
                lastDataNanos = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            giveUp();
            throw e;
        } finally {
            if (detached) {
                giveUp();
            }
        }
    }

    /** Whether the open file's interval or idle timeout has passed. */
    boolean dueToRoll(long nowNanos) {
        if (writer == null) {
            return false;
        }
        long interval = TimeUnit.SECONDS.toNanos(config.rollIntervalSeconds());
        long idle = TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds());
        return interval > 0 && nowNanos - openedNanos >= interval || idle > 0 && nowNanos - lastDataNanos >= idle;
    }

    boolean isOpen() {
        return writer != null;
    }

    /** Closes and finalizes the open file, if any. */
    void roll() {
        if (writer == null) {
            return;
        }
        FormatWriter w = writer;
        writer = null;
        finalizer.finish(fs, inUse, target, w);
        LOG.debug("hdfs sink {}: rolled {} ({} events, {} body bytes)", config.sinkName(), target, events, bodyBytes);
    }

    /** The sink stopped waiting for this bucket's write; the write gives its file up when it ends. */
    void detach() {
        detached = true;
    }

    private void giveUp() {
        if (writer == null) {
            return;
        }
        FormatWriter w = writer;
        writer = null;
        // A write cancelled under callTimeout arrives here interrupted; file system calls made with the
        // interrupt flag set fail (NIO channels close), so it is cleared for the clean-up and set again.
        boolean interrupted = Thread.interrupted();
        try {
            finalizer.abandon(fs, inUse, target, w);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean full() {
        return config.rollCount() > 0 && events >= config.rollCount()
                || config.rollSize() > 0 && bodyBytes >= config.rollSize();
    }

    private boolean underReplicated() throws IOException {
        if (minReplicas <= 0) {
            return false;
        }
        int replicas = writer.currentReplication();
        if (replicas < 0 || replicas >= minReplicas) {
            underReplicatedRolls = 0;
            return false;
        }
        if (underReplicatedRolls >= MAX_UNDER_REPLICATED_ROLLS) {
            if (underReplicatedRolls++ == MAX_UNDER_REPLICATED_ROLLS) {
                LOG.error("hdfs sink {}: {} has {} live replicas (fewer than {}) after {} rolls in a row; no longer "
                        + "rolling for replication", config.sinkName(), inUse, replicas, minReplicas,
                        MAX_UNDER_REPLICATED_ROLLS);
            }
            return false;
        }
        underReplicatedRolls++;
        LOG.warn("hdfs sink {}: {} has {} live replicas, fewer than hdfs.minBlockReplicas {}; rolling",
                config.sinkName(), inUse, replicas, minReplicas);
        return true;
    }

    private void open() throws IOException {
        fs = hadoop.fileSystem(directory);
        while (true) {
            fileCounter++;
            String name = key.prefix() + "." + fileCounter + extension;
            Path finalPath = new Path(directory, name);
            Path inUsePath = new Path(directory, config.inUsePrefix() + name + config.inUseSuffix());
            if (fs.exists(finalPath)) {
                continue;
            }
            FSDataOutputStream out;
            try {
                out = fs.create(inUsePath, false);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException | RuntimeException e) {
                counter.incrementConnectionFailed();
                throw e;
            }
            try {
                writer = formats.create(out);
            } catch (IOException | RuntimeException e) {
                counter.incrementConnectionFailed();
                try {
                    out.close();
                } catch (IOException ignored) {
                    // The create failed already; this file is left for recovery.
                }
                throw e;
            }
            counter.incrementConnectionCreated();
            if (!out.hasCapability(StreamCapabilities.HFLUSH) && !warnedNoHflush) {
                warnedNoHflush = true;
                LOG.warn("hdfs sink {}: {} cannot hflush, so a committed batch is safe from an agent crash only once its "
                        + "file is closed; roll often (hdfs.rollInterval, hdfs.rollCount) or use HDFS", config.sinkName(),
                        fs.getUri());
            }
            inUse = inUsePath;
            target = finalPath;
            events = 0;
            bodyBytes = 0;
            openedNanos = System.nanoTime();
            lastDataNanos = openedNanos;
            LOG.debug("hdfs sink {}: opened {}", config.sinkName(), inUsePath);
            return;
        }
    }

    @Override
    public String toString() {
        return "BucketWriter{" + key + "}";
    }
}
