package io.sluice.sinks.hdfs.hadoop;

import io.sluice.sinks.hdfs.HdfsSinkConfig;
import io.sluice.sinks.hdfs.PathTemplate;
import io.sluice.sinks.hdfs.HdfsSink;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalizes the in-use files an earlier run of the sink left behind (a crash, a kill -9, a close
 * that never worked): at start, the directories the path template can produce are listed below
 * its fixed part (as deep as the template reaches, plus {@code _rejected}); every file named like
 * one of this sink's in-use files ({@code inUsePrefix}, file prefix, {@code .<n>}, extension,
 * {@code inUseSuffix}) is closed (HDFS lease recovery, waiting until the namenode reports it closed)
 * and renamed to its final name. On the local file system a {@code .crc} beside it is dropped first,
 * since a killed checksumming writer leaves it out of step with the data.
 *
 * <p>The last record of a recovered file can be incomplete (the batch being written when the agent
 * died, which was never committed and is written again). Another agent writing the same directory
 * with the same prefix and suffix would have its open files finalized under it: give agents
 * distinct prefixes (e.g. {@code %[localhost]}). Not thread-safe; runs once, before the first write.
 */
final class InUseRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InUseRecovery.class);
    private static final long CLOSE_POLL_MILLIS = 200;

    private final HdfsSinkConfig config;
    private final HadoopAccess hadoop;
    private final PathTemplate path;
    private final Pattern names;

    InUseRecovery(HdfsSinkConfig config, HadoopAccess hadoop, PathTemplate path, PathTemplate prefix, String extension) {
        this.config = config;
        this.hadoop = hadoop;
        this.path = path;
        this.names = Pattern.compile(Pattern.quote(config.inUsePrefix()) + prefix.regex() + "\\.\\d+"
                + Pattern.quote(extension) + Pattern.quote(config.inUseSuffix()));
    }

    int run() throws IOException {
        if (config.inUsePrefix().isEmpty() && config.inUseSuffix().isEmpty()) {
            LOG.info("hdfs sink {}: no in-use prefix or suffix, so files left open by a crash cannot be told from "
                    + "finished ones; nothing is recovered", config.sinkName());
            return 0;
        }
        String base = path.staticPrefix();
        int depth = 0;
        if (!path.isStatic()) {
            int slash = base.lastIndexOf('/');
            if (slash < 0) {
                LOG.warn("hdfs sink {}: hdfs.path {} has no fixed directory to look for in-use files in", config.sinkName(),
                        path);
                return 0;
            }
            String rest = path.toString().substring(slash + 1);
            depth = 1 + (int) rest.chars().filter(c -> c == '/').count() + path.slashesFromEscapes();
            base = base.substring(0, slash);
        }
        Path root = new Path(base.isEmpty() ? "/" : base);
        FileSystem fs = hadoop.fileSystem(root);
        List<FileStatus> found = new ArrayList<>();
        int levels = depth;
        hadoop.call("listing " + root, () -> {
            collect(fs, root, levels, found);
            Path rejected = new Path(root, HdfsSink.REJECTED_DIRECTORY);
            collect(fs, rejected, 0, found);
            return null;
        });
        int finalized = 0;
        for (FileStatus f : found) {
            if (hadoop.call("recovering " + f.getPath(), () -> finalizeFile(fs, f.getPath()))) {
                finalized++;
            }
        }
        return finalized;
    }

    private void collect(FileSystem fs, Path dir, int depth, List<FileStatus> out) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus s : entries) {
            if (s.isDirectory()) {
                if (depth > 0) {
                    collect(fs, s.getPath(), depth - 1, out);
                }
            } else if (names.matcher(s.getPath().getName()).matches()) {
                out.add(s);
            }
        }
    }

    private boolean finalizeFile(FileSystem fs, Path inUse) throws IOException, InterruptedException {
        String name = inUse.getName();
        String finalName = name.substring(config.inUsePrefix().length(), name.length() - config.inUseSuffix().length());
        Path target = new Path(inUse.getParent(), finalName);
        if (fs.exists(target)) {
            LOG.warn("hdfs sink {}: {} was left in use, but {} exists; leaving it for an operator", config.sinkName(),
                    inUse, target);
            return false;
        }
        if (fs instanceof LeaseRecoverable lr && !lr.recoverLease(inUse)) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(config.callTimeoutMillis() / 2, 1000));
            while (!lr.isFileClosed(inUse)) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.warn("hdfs sink {}: lease recovery of {} has not finished; it is finalized at the next start",
                            config.sinkName(), inUse);
                    return false;
                }
                Thread.sleep(CLOSE_POLL_MILLIS);
            }
        }
        FileSystem renamer = fs;
        if (fs instanceof ChecksumFileSystem cfs) {
            renamer = cfs.getRawFileSystem();
        }
        if ("file".equals(fs.getUri().getScheme())) {
            // A checksum a killed checksumming writer (Flume, or Sluice before it wrote file: paths raw) left
            // behind no longer matches the data: without it the file reads.
            renamer.delete(new Path(inUse.getParent(), "." + name + ".crc"), false);
        }
        if (!renamer.rename(inUse, target)) {
            throw new IOException("the file system refused to rename " + inUse + " to " + target);
        }
        LOG.info("hdfs sink {}: finalized {} left in use by an earlier run", config.sinkName(), target);
        return true;
    }
}
