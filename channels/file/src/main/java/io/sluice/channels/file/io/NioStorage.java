package io.sluice.channels.file.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real {@link Storage}: java.nio files, made immune to thread interrupts. A
 * {@link FileChannel} closes itself when a thread using it is interrupted, and the runtime
 * interrupts sink and source threads to stop them; one interrupted take would then close a segment
 * for every thread. So each operation here runs with the interrupt flag cleared, reopens the file
 * and redoes the operation if an interrupt closed it anyway (positional reads and writes are safe to
 * redo), and sets the flag again afterwards. Stateless and thread-safe.
 */
public final class NioStorage implements Storage {

    public static final NioStorage INSTANCE = new NioStorage();

    private static final OpenOption[] READ = {StandardOpenOption.READ};
    private static final OpenOption[] READ_WRITE = {StandardOpenOption.READ, StandardOpenOption.WRITE};

    private NioStorage() {
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new NioFile(file, READ_WRITE, ch);
    }

    @Override
    public StorageFile open(Path file, boolean writable) throws IOException {
        OpenOption[] options = writable ? READ_WRITE : READ;
        return new NioFile(file, options, FileChannel.open(file, options));
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.toList());
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        // On Linux a directory opened for reading can be fsynced, which persists its entries.
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                    ch.force(true);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long usableSpace(Path dir) throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** One file operation on a channel. */
    @FunctionalInterface
    private interface Op<T> {
        T run(FileChannel ch) throws IOException;
    }

    private static final class NioFile implements StorageFile {
        private final Path path;
        private final OpenOption[] options;
        private volatile FileChannel channel;
        private volatile boolean closed;

        NioFile(Path path, OpenOption[] options, FileChannel channel) {
            this.path = path;
            this.options = options;
            this.channel = channel;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return io(ch -> ch.write(src, position));
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return io(ch -> ch.read(dst, position));
        }

        @Override
        public void force() throws IOException {
            io(ch -> {
                ch.force(false);
                return null;
            });
        }

        @Override
        public long size() throws IOException {
            return io(FileChannel::size);
        }

        @Override
        public void truncate(long size) throws IOException {
            io(ch -> ch.truncate(size));
        }

        private <T> T io(Op<T> op) throws IOException {
            boolean interrupted = Thread.interrupted();
            try {
                while (true) {
                    FileChannel ch = channel;
                    try {
                        return op.run(ch);
                    } catch (ClosedByInterruptException e) {
                        interrupted = true;
                        Thread.interrupted();
                        reopen(ch);
                    } catch (AsynchronousCloseException e) {
                        // Another thread's interrupt closed the channel under this one.
                        reopen(ch);
                    } catch (ClosedChannelException e) {
                        reopen(ch);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private synchronized void reopen(FileChannel broken) throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (channel == broken) {
                channel = FileChannel.open(path, options);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            channel.close();
        }
    }
}
