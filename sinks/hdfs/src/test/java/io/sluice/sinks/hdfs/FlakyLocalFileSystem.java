package io.sluice.sinks.hdfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The raw local file system with faults a test can switch on: flushes that hang until released (or
 * the writing thread is interrupted), and renames that return false. Installed for {@code file:}
 * through {@code fs.file.impl}. The switches are static (Hadoop instantiates the class itself), so
 * tests using it must not run in parallel; they reset it when done.
 */
public class FlakyLocalFileSystem extends RawLocalFileSystem {
    static final AtomicBoolean HANG_FLUSHES = new AtomicBoolean();
    static final AtomicInteger FALSE_RENAMES = new AtomicInteger();

    static void reset() {
        HANG_FLUSHES.set(false);
        FALSE_RENAMES.set(0);
        synchronized (HANG_FLUSHES) {
            HANG_FLUSHES.notifyAll();
        }
    }

    static void release() {
        HANG_FLUSHES.set(false);
        synchronized (HANG_FLUSHES) {
            HANG_FLUSHES.notifyAll();
        }
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return new FSDataOutputStream(new Hanging(super.create(f, permission, overwrite, bufferSize, replication,
                blockSize, progress)), null);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return new FSDataOutputStream(new Hanging(super.create(f, overwrite, bufferSize, replication, blockSize,
                progress)), null);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (FALSE_RENAMES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        return super.rename(src, dst);
    }

    /** Passes everything on, but blocks in hflush while {@link #HANG_FLUSHES} is set. */
    private static final class Hanging extends OutputStream implements Syncable, StreamCapabilities {
        private final FSDataOutputStream out;

        Hanging(FSDataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void hflush() throws IOException {
            synchronized (HANG_FLUSHES) {
                while (HANG_FLUSHES.get()) {
                    try {
                        HANG_FLUSHES.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("hung flush interrupted");
                    }
                }
            }
            out.hflush();
        }

        @Override
        public void hsync() throws IOException {
            hflush();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean hasCapability(String capability) {
            return StreamCapabilities.HFLUSH.equals(capability) || StreamCapabilities.HSYNC.equals(capability);
        }
    }
}
