package io.sluice.channels.file;

import io.sluice.channels.file.io.NioStorage;
import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real files with faults on demand: the next N writes tear (half the bytes land, then an
 * IOException), the next N fsyncs fail (or the next of one file), writes fail as on a full disk, and the free space the
 * channel sees can be set. Faults apply to segment files only unless said otherwise. Thread-safe.
 */
final class FaultyStorage implements Storage {
    final AtomicInteger tornWrites = new AtomicInteger();
    final AtomicInteger failedForces = new AtomicInteger();
    /** The file name whose next fsync fails (once), or null. */
    final AtomicReference<String> failForceOf = new AtomicReference<>();
    volatile boolean diskFull;
    volatile boolean failReads;
    final AtomicLong usableSpace = new AtomicLong(-1);
    final AtomicInteger forces = new AtomicInteger();

    private final Storage real = NioStorage.INSTANCE;

    @Override
    public StorageFile create(Path file) throws IOException {
        return wrap(real.create(file));
    }

    @Override
    public StorageFile open(Path file, boolean writable) throws IOException {
        return wrap(real.open(file, writable));
    }

    private StorageFile wrap(StorageFile f) {
        boolean segment = f.path().getFileName().toString().startsWith("segment-");
        return segment ? new Faulty(f) : f;
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        real.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return real.list(dir);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return real.isDirectory(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return real.size(file);
    }

    @Override
    public void delete(Path file) throws IOException {
        real.delete(file);
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
        real.moveAtomically(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        real.syncDirectory(dir);
    }

    @Override
    public long usableSpace(Path dir) throws IOException {
        long set = usableSpace.get();
        return set >= 0 ? set : real.usableSpace(dir);
    }

    private final class Faulty implements StorageFile {
        private final StorageFile f;

        Faulty(StorageFile f) {
            this.f = f;
        }

        @Override
        public Path path() {
            return f.path();
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            if (tornWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + Math.max(1, src.remaining() / 2));
                f.write(half, position);
                throw new IOException("injected torn write of " + f.path());
            }
            return f.write(src, position);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (failReads) {
                throw new IOException("injected read failure of " + f.path());
            }
            return f.read(dst, position);
        }

        @Override
        public void force() throws IOException {
            forces.incrementAndGet();
            String name = f.path().getFileName().toString();
            if (failedForces.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    || name.equals(failForceOf.getAndUpdate(n -> name.equals(n) ? null : n))) {
                throw new IOException("injected fsync failure of " + f.path());
            }
            f.force();
        }

        @Override
        public long size() throws IOException {
            return f.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            f.truncate(size);
        }

        @Override
        public void close() throws IOException {
            f.close();
        }
    }
}
