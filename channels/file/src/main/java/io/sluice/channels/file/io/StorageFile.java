package io.sluice.channels.file.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One open file of the file channel, read and written at explicit positions. Implementations are
 * thread-safe: positional reads and writes and {@link #force()} may run concurrently from several
 * threads, as {@link java.nio.channels.FileChannel}'s do.
 */
public interface StorageFile extends Closeable {

    Path path();

    /** Writes some of {@code src} at {@code position}; returns how many bytes were written. */
    int write(ByteBuffer src, long position) throws IOException;

    /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Forces written data (not necessarily metadata other than the size) to the storage device. */
    void force() throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;

    /** Writes all remaining bytes of {@code src} at {@code position}, or throws. */
    default void writeFully(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += write(src, at);
        }
    }

    /** Fills {@code dst} from {@code position}; throws {@link EOFException} if the file ends first. */
    default void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = read(dst, at);
            if (n < 0) {
                throw new EOFException(path() + " ends at " + at + ", before the " + dst.remaining()
                        + " more bytes expected there");
            }
            at += n;
        }
    }

    /** Reads as much of {@code dst} as the file holds from {@code position}; returns the bytes read. */
    default int readUpTo(ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
