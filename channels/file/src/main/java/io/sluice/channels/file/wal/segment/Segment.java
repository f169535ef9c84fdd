package io.sluice.channels.file.wal.segment;

import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.io.StorageFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One segment file: its id and path, its open handle (opened on first use, kept until the segment
 * is closed or deleted), and how much of it was written and how much of that is known to be
 * forced to disk. Thread-safe: the log writer appends, the group committer forces, takers read.
 */
public final class Segment {
    private final long id;
    private final Path path;
    private final Storage storage;
    private final boolean writable;
    private StorageFile file;
    private volatile long written;
    private volatile long durable;

    Segment(long id, Path path, Storage storage, boolean writable, StorageFile open, long size) {
        this.id = id;
        this.path = path;
        this.storage = storage;
        this.writable = writable;
        this.file = open;
        this.written = size;
        this.durable = size;
    }

    public long id() {
        return id;
    }

    public Path path() {
        return path;
    }

    public synchronized StorageFile file() throws IOException {
        if (file == null) {
            file = storage.open(path, writable);
        }
        return file;
    }

    /** Bytes written so far: the file size when found, then advanced by the log writer. */
    public long written() {
        return written;
    }

    void advanceWritten(long size) {
        written = size;
    }

    /** Bytes known to be on disk. */
    public long durable() {
        return durable;
    }

    /** Forces everything written before the call; returns false if there was nothing to force. */
    public boolean force() throws IOException {
        long target = written;
        if (target <= durable) {
            return false;
        }
        file().force();
        synchronized (this) {
            durable = Math.max(durable, target);
        }
        return true;
    }

    /** Cuts the file back to {@code size} bytes and forces the cut; the writer then moves to a new segment. */
    synchronized void truncate(long size) throws IOException {
        StorageFile f = file();
        f.truncate(size);
        f.force();
        written = size;
        durable = size;
    }

    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // Closing a read or fully forced handle loses nothing.
            }
            file = null;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
