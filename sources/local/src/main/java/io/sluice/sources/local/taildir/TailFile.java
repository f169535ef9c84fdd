package io.sluice.sources.local.taildir;

import io.sluice.api.Event;
import io.sluice.sources.local.files.Bytes;
import io.sluice.sources.local.files.FileWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One tailed file, known by its inode: its current path, the committed position (the start of the
 * next unread line), and an open window onto it while it is active. Lines end at {@code '\n'} with
 * a {@code '\r'} before it removed; bodies are the raw bytes. A line without {@code '\n'} is not
 * read while the file may still grow; a line longer than {@code maxLineBytes} is split.
 *
 * <p>The last bytes before the committed position are remembered, so a file truncated and rewritten
 * past that position between two polls (copytruncate, then fast writing) is noticed and read again
 * from its start rather than silently from the middle. Not thread-safe: the source's poll thread.
 */
final class TailFile {
    private static final int INITIAL_WINDOW = 16 * 1024;
    private static final int FINGERPRINT_BYTES = 64;

    /** Builds the event of one line: body, and the byte offset where the line starts. */
    interface Events {
        Event event(TailFile file, byte[] body, long offset);
    }

    final FileId id;
    private final int maxLineBytes;
    Path path;
    FileGroup group;
    boolean matched;
    long pos;
    /** Size and modification time from the latest scan (matched files only). */
    long statSize;
    long statModifiedMillis;
    /** Size and modification time when the file was last looked at for new data. */
    long lastSize = -1;
    long lastModifiedMillis;
    /** The last look stopped before the end of the data (maxBatchCount, or a refused batch). */
    boolean unfinished;
    long lastActivityNanos = System.nanoTime();
    private FileWindow window;
    private int scanned;
    private byte[] fingerprint = new byte[0];
    private long splitLines;

    TailFile(FileId id, Path path, FileGroup group, long pos, int maxLineBytes) {
        this.id = id;
        this.path = path;
        this.group = group;
        this.pos = pos;
        this.maxLineBytes = maxLineBytes;
    }

    boolean isOpen() {
        return window != null;
    }

    void open() throws IOException {
        if (window == null) {
            window = new FileWindow(path, Math.min(INITIAL_WINDOW, Math.max(1024, maxLineBytes + 1)));
            window.seek(pos);
            scanned = 0;
        }
    }

    void close() {
        FileWindow w = window;
        window = null;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // read-only handle: nothing was left unwritten
            }
        }
    }

    /** The length of the open file (also after it was renamed or deleted). */
    long openLength() throws IOException {
        return window.length();
    }

    /**
     * Whether the bytes before the committed position are still those that were read; false after a
     * truncation, even one followed by new data beyond the old position. The window must be open.
     */
    boolean unchangedBeforePosition() throws IOException {
        if (fingerprint.length == 0) {
            return true;
        }
        byte[] now = new byte[fingerprint.length];
        int n = window.readAt(pos - fingerprint.length, now, now.length);
        return n == now.length && Arrays.equals(now, fingerprint);
    }

    /** Forgets the position: the file is read again from its first byte. */
    void restartFromZero() throws IOException {
        pos = 0;
        fingerprint = new byte[0];
        if (window != null) {
            window.seek(0);
            scanned = 0;
        }
    }

    /** Up to {@code max} complete lines after the read position (the window must be open). */
    List<Event> read(int max, Events events) throws IOException {
        List<Event> out = new ArrayList<>(Math.min(max, 256));
        while (out.size() < max) {
            byte[] b = window.buffer();
            int s = window.start();
            int e = window.end();
            // A newline further than maxLineBytes away would make a line too long: look no further.
            int limit = (int) Math.min(e, s + (long) maxLineBytes + 1);
            int nl = Bytes.indexOfNewline(b, s + scanned, limit);
            if (nl >= 0) {
                scanned = 0;
                int end = nl > s && b[nl - 1] == '\r' ? nl - 1 : nl;
                out.add(events.event(this, Arrays.copyOfRange(b, s, end), window.position()));
                window.consume(nl + 1 - s);
                continue;
            }
            scanned = limit - s;
            if (e - s > maxLineBytes) {
                splitLines++;
                out.add(events.event(this, Arrays.copyOfRange(b, s, s + maxLineBytes), window.position()));
                window.consume(maxLineBytes);
                scanned = 0;
                continue;
            }
            if (window.fill() < 0) {
                break;
            }
        }
        return out;
    }

    /**
     * Like {@link #read}, but when the end of the file is reached the bytes after the last newline
     * are an event too. Only for a file that will not grow any more (rotated away or deleted, and idle).
     */
    List<Event> readToEnd(int max, Events events) throws IOException {
        List<Event> out = read(max, events);
        if (out.size() < max && window.available() > 0) {
            out.add(events.event(this, Arrays.copyOfRange(window.buffer(), window.start(), window.end()),
                    window.position()));
            window.consume(window.available());
            scanned = 0;
        }
        return out;
    }

    /** The events read since the last commit are in the channels: advance the committed position. */
    void commit() throws IOException {
        pos = window.position();
        lastActivityNanos = System.nanoTime();
        int k = (int) Math.min(FINGERPRINT_BYTES, pos);
        byte[] fp = new byte[k];
        fingerprint = window.readAt(pos - k, fp, k) == k ? fp : new byte[0];
    }

    /** The events read since the last commit were refused: read them again next time. */
    void rewind() throws IOException {
        if (window != null) {
            window.seek(pos);
            scanned = 0;
        }
    }

    /** Lines longer than maxLineBytes split so far. */
    long splitLines() {
        return splitLines;
    }

    /** For headers: the group's static ones. */
    Map<String, String> groupHeaders() {
        return group.headers();
    }

    @Override
    public String toString() {
        return path + " (inode " + id.inode() + ", pos " + pos + ")";
    }
}
