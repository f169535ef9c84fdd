package io.sluice.sinks.hdfs.hadoop;

import io.sluice.sinks.hdfs.HdfsSinkConfig;
import io.sluice.api.metrics.SinkCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes finished files and renames them from their in-use name to their final name. A close or
 * rename that fails is retried every {@code hdfs.retryInterval} seconds, up to
 * {@code hdfs.closeTries} attempts each (0: until it works); a rename that returns false counts as
 * failed (Flume ignores it and leaves the file in use). A file whose close is given up gets HDFS
 * lease recovery; one whose rename is given up stays in use and is finalized at the sink's next start.
 *
 * <p>{@link #finish} may run on any pool thread; the retry list is guarded by this object's monitor.
 * {@link #retryDue} runs on the sink's thread.
 */
final class FileFinalizer {
    private static final Logger LOG = LoggerFactory.getLogger(FileFinalizer.class);

    /** A file that still needs its close (writer not null) or its rename. */
    private static final class Pending {
        final FileSystem fs;
        final Path inUse;
        final Path target;
        FormatWriter writer;
        int closeAttempts;
        int renameAttempts;
        long nextAttemptNanos;

        Pending(FileSystem fs, Path inUse, Path target, FormatWriter writer) {
            this.fs = fs;
            this.inUse = inUse;
            this.target = target;
            this.writer = writer;
        }
    }

    private final HdfsSinkConfig config;
    private final HadoopAccess hadoop;
    private final SinkCounter counter;
    private final int maxAttempts;
    private final long retryNanos;
    private final List<Pending> pending = new ArrayList<>();

    FileFinalizer(HdfsSinkConfig config, HadoopAccess hadoop, SinkCounter counter) {
        this.config = config;
        this.hadoop = hadoop;
        this.counter = counter;
        long retry = config.retryIntervalSeconds();
        this.maxAttempts = retry <= 0 ? 1 : config.closeTries() <= 0 ? Integer.MAX_VALUE : config.closeTries();
        this.retryNanos = TimeUnit.SECONDS.toNanos(Math.max(retry, 0));
    }

    /** Closes and renames a file now; what fails is kept for {@link #retryDue}. */
    void finish(FileSystem fs, Path inUse, Path target, FormatWriter writer) {
        Pending p = new Pending(fs, inUse, target, writer);
        attemptClose(p);
        attemptRename(p);
        keepIfUnfinished(p);
    }

    /**
     * Gives a file up after a failed write: closes it without finishing the format, cuts what was
     * written after its last successful flush where the file system can truncate (those events are
     * written again), and renames it.
     */
    void abandon(FileSystem fs, Path inUse, Path target, FormatWriter writer) {
        writer.abort();
        counter.incrementConnectionClosed();
        long keep = writer.flushedLength();
        try {
            if (fs.getFileStatus(inUse).getLen() > keep) {
                fs.truncate(inUse, keep);
            }
        } catch (IOException | UnsupportedOperationException | FSError e) {
            // The local file system reports I/O errors as FSError; an interrupted truncate is one.
            LOG.debug("hdfs sink {}: cannot cut {} back to its last flush ({}): {}", config.sinkName(), inUse, keep,
                    e.toString());
        }
        Pending p = new Pending(fs, inUse, target, null);
        attemptRename(p);
        keepIfUnfinished(p);
    }

    /** Retries the closes and renames whose interval passed. */
    void retryDue() {
        List<Pending> due = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            pending.removeIf(p -> {
                if (now - p.nextAttemptNanos >= 0) {
                    due.add(p);
                    return true;
                }
                return false;
            });
        }
        for (Pending p : due) {
            try {
                hadoop.call("finalizing " + p.inUse, () -> {
                    attemptClose(p);
                    attemptRename(p);
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                counter.incrementConnectionFailed();
                LOG.warn("hdfs sink {}: finalizing {} failed: {}", config.sinkName(), p.inUse, e.toString());
            }
            keepIfUnfinished(p);
        }
    }

    /** Files still waiting for a close or rename retry. */
    synchronized int pendingCount() {
        return pending.size();
    }

    private void attemptClose(Pending p) {
        if (p.writer == null) {
            return;
        }
        p.closeAttempts++;
        try {
            p.writer.close();
            p.writer = null;
            counter.incrementConnectionClosed();
        } catch (IOException | RuntimeException | FSError e) {
            counter.incrementConnectionFailed();
            if (p.closeAttempts >= maxAttempts) {
                p.writer.abort();
                p.writer = null;
                LOG.warn("hdfs sink {}: closing {} failed {} time(s), giving up: {}; recovering its lease",
                        config.sinkName(), p.inUse, p.closeAttempts, e.toString());
                recoverLease(p);
            } else {
                LOG.warn("hdfs sink {}: closing {} failed (attempt {}), retrying in {} s: {}", config.sinkName(),
                        p.inUse, p.closeAttempts, config.retryIntervalSeconds(), e.toString());
            }
        }
    }

    private void attemptRename(Pending p) {
        if (p.inUse.equals(p.target) || p.renameAttempts >= maxAttempts) {
            return;
        }
        p.renameAttempts++;
        try {
            if (!p.fs.exists(p.inUse)) {
                p.renameAttempts = Integer.MAX_VALUE;
                return;
            }
            if (!p.fs.rename(p.inUse, p.target)) {
                throw new IOException("the file system refused the rename (does " + p.target + " exist?)");
            }
            p.renameAttempts = Integer.MAX_VALUE;
            LOG.debug("hdfs sink {}: finalized {}", config.sinkName(), p.target);
        } catch (IOException | RuntimeException | FSError e) {
            counter.incrementConnectionFailed();
            if (p.renameAttempts >= maxAttempts) {
                LOG.warn("hdfs sink {}: renaming {} to {} failed {} time(s), giving up; the sink finalizes it at its "
                        + "next start: {}", config.sinkName(), p.inUse, p.target, p.renameAttempts, e.toString());
            } else {
                LOG.warn("hdfs sink {}: renaming {} to {} failed (attempt {}), retrying in {} s: {}", config.sinkName(),
                        p.inUse, p.target, p.renameAttempts, config.retryIntervalSeconds(), e.toString());
            }
        }
    }

    private void recoverLease(Pending p) {
        if (p.fs instanceof LeaseRecoverable lr) {
            try {
                lr.recoverLease(p.inUse);
            } catch (IOException e) {
                LOG.warn("hdfs sink {}: lease recovery of {} failed: {}", config.sinkName(), p.inUse, e.toString());
            }
        }
    }

    private void keepIfUnfinished(Pending p) {
        boolean renamePending = !p.inUse.equals(p.target) && p.renameAttempts < maxAttempts;
        if (p.writer != null || renamePending) {
            p.nextAttemptNanos = System.nanoTime() + retryNanos;
            synchronized (this) {
                pending.add(p);
            }
        }
    }
}
