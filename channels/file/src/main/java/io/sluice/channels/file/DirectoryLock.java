package io.sluice.channels.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds {@code in_use.lock} (Flume's lock file name) in each directory of a channel, so two agents,
 * or two channels of one agent, never use one directory. Lock files are OS locks, released when the
 * process dies, so a killed agent never leaves a stale lock. Not thread-safe; held by one channel.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE = "in_use.lock";

    private final List<FileChannel> files = new ArrayList<>();
    private final List<FileLock> locks = new ArrayList<>();

    private DirectoryLock() {
    }

    /** Creates each directory if needed and locks it; throws naming the first one in use. */
    static DirectoryLock acquire(String channel, List<Path> dirs) throws IOException {
        DirectoryLock lock = new DirectoryLock();
        try {
            for (Path dir : dirs) {
                lock.lock(channel, dir);
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void lock(String channel, Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel f = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        files.add(f);
        FileLock l;
        try {
            l = f.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            throw new IOException("file channel " + channel + " cannot lock " + dir + ": the directory is in use by "
                    + "another file channel, in this agent or another process (it holds " + dir.resolve(FILE) + ")");
        }
        locks.add(l);
    }

    @Override
    public void close() {
        for (FileLock l : locks) {
            try {
                l.release();
            } catch (IOException ignored) {
                // Closing the file below releases it as well.
            }
        }
        for (FileChannel f : files) {
            try {
                f.close();
            } catch (IOException ignored) {
                // Nothing was written to the lock file.
            }
        }
        locks.clear();
        files.clear();
    }
}
