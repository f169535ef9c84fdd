package io.sluice.sources.local.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A sliding window of bytes over a file, for parsers that scan a buffer and consume what they
 * understood: {@link #fill()} appends the next bytes of the file, {@link #consume(int)} drops bytes
 * from the front, and {@link #position()} is always the file offset of the first unconsumed byte.
 *
 * <pre>
 *   file:   |.........consumed.........|====window====|.......unread.......|
 *                                      ^ position()   ^ position() + available()
 *   buffer: [ start ..................... end ) capacity
 * </pre>
 *
 * <p>Reads go through {@link RandomAccessFile}, not a {@link java.nio.channels.FileChannel}: source
 * threads are interrupted on stop, and an interrupt closes a FileChannel for good. Not thread-safe.
 */
public final class FileWindow implements Closeable {
    private final RandomAccessFile file;
    private final Path path;
    private byte[] buf;
    private int start;
    private int end;
    private long bufferOffset;

    /** Opens {@code path} for reading with a window of {@code capacity} bytes, positioned at 0. */
    public FileWindow(Path path, int capacity) throws IOException {
        this.path = path;
        this.file = new RandomAccessFile(path.toFile(), "r");
        this.buf = new byte[capacity];
    }

    public Path path() {
        return path;
    }

    /** The backing array; valid bytes are {@code [start(), end())}. Changes only in {@link #fill()}. */
    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int available() {
        return end - start;
    }

    /** File offset of the first unconsumed byte. */
    public long position() {
        return bufferOffset + start;
    }

    /** The file's current length, asked of the open file (so it works after a rename or unlink too). */
    public long length() throws IOException {
        return file.length();
    }

    public void consume(int n) {
        if (n < 0 || n > end - start) {
            throw new IllegalArgumentException("cannot consume " + n + " of " + (end - start) + " bytes");
        }
        start += n;
    }

    /** Drops the window and continues reading at {@code offset}. */
    public void seek(long offset) throws IOException {
        file.seek(offset);
        bufferOffset = offset;
        start = 0;
        end = 0;
    }

    /**
     * Reads more of the file behind the window, moving the window to the front of the buffer first
     * and growing the buffer only when the window fills all of it. Returns the number of bytes
     * added, or -1 at the end of the file. Indexes into {@link #buffer()} taken before are invalid
     * afterwards; use offsets from {@link #start()}.
     */
    public int fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            bufferOffset += start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = file.read(buf, end, buf.length - end);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /** Like {@link #fill()}, but never grows the buffer: returns 0 when the window already fills it. */
    public int fillWithin() throws IOException {
        if (start == 0 && end == buf.length) {
            return 0;
        }
        return fill();
    }

    public int capacity() {
        return buf.length;
    }

    /** Reads up to {@code len} bytes at {@code offset} without moving the window. */
    public int readAt(long offset, byte[] into, int len) throws IOException {
        long keep = file.getFilePointer();
        try {
            file.seek(offset);
            int total = 0;
            while (total < len) {
                int n = file.read(into, total, len - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        } finally {
            file.seek(keep);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "FileWindow{" + path + " at " + position() + "}";
    }
}
