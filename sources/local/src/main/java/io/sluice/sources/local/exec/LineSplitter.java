package io.sluice.sources.local.exec;

import io.sluice.api.util.Utf8;
import io.sluice.sources.local.files.Bytes;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a command's output into lines as Java's {@code readLine} does, which is what Flume's exec
 * source uses: {@code "\n"}, {@code "\r"} and {@code "\r\n"} end a line and are not part of it, and
 * the unterminated rest is a line at the end of the output. Each line is returned in the source's
 * charset as Flume produces it (decoded and encoded again, malformed input replaced); well-formed
 * UTF-8 is returned as it came, without the round trip.
 *
 * <pre>
 *   reads:  "a\r"  "\nb\rc"  "\n"     → lines: a, b, c
 *   reads:  "abcdefghij" (maxLineBytes 4, no newline yet)  → abcd, efgh; "ij" waits for more
 * </pre>
 *
 * A line longer than {@code maxLineBytes} is split into pieces of that many bytes, so memory stays
 * bounded whatever the command writes. Not thread-safe: the source's reading thread.
 */
final class LineSplitter {
    private final Charset charset;
    private final boolean utf8;
    private final int maxLineBytes;
    private byte[] pending = new byte[128];
    private int pendingLength;
    private boolean afterCarriageReturn;
    private long splitLines;

    LineSplitter(Charset charset, int maxLineBytes) {
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.maxLineBytes = maxLineBytes;
    }

    /** Adds to {@code out} the lines that {@code bytes[off, off + len)} completes. */
    void feed(byte[] bytes, int off, int len, List<byte[]> out) {
        int i = off;
        int end = off + len;
        if (afterCarriageReturn && i < end) {
            afterCarriageReturn = false;
            if (bytes[i] == '\n') {
                i++;
            }
        }
        while (i < end) {
            int eol = Bytes.indexOfLineEnd(bytes, i, end);
            if (eol < 0) {
                append(bytes, i, end - i, out);
                return;
            }
            if (pendingLength == 0 && eol - i <= maxLineBytes) {
                out.add(body(bytes, i, eol));
            } else {
                append(bytes, i, eol - i, out);
                out.add(body(pending, 0, pendingLength));
                pendingLength = 0;
            }
            i = eol + 1;
            if (bytes[eol] == '\r') {
                if (i == end) {
                    afterCarriageReturn = true;
                } else if (bytes[i] == '\n') {
                    i++;
                }
            }
        }
    }

    /** The output ended: adds its unterminated last line, if there is one. */
    void finish(List<byte[]> out) {
        if (pendingLength > 0) {
            out.add(body(pending, 0, pendingLength));
            pendingLength = 0;
        }
        afterCarriageReturn = false;
    }

    long splitLines() {
        return splitLines;
    }

    private void append(byte[] bytes, int from, int len, List<byte[]> out) {
        int at = from;
        int left = len;
        while (pendingLength + left > maxLineBytes) {
            int take = maxLineBytes - pendingLength;
            grow(maxLineBytes);
            System.arraycopy(bytes, at, pending, pendingLength, take);
            out.add(body(pending, 0, maxLineBytes));
            splitLines++;
            pendingLength = 0;
            at += take;
            left -= take;
        }
        grow(pendingLength + left);
        System.arraycopy(bytes, at, pending, pendingLength, left);
        pendingLength += left;
    }

    private void grow(int needed) {
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(needed, Math.min(maxLineBytes, pending.length * 2)));
        }
    }

    private byte[] body(byte[] bytes, int from, int to) {
        if (utf8 && Utf8.isWellFormed(bytes, from, to)) {
            return Arrays.copyOfRange(bytes, from, to);
        }
        return new String(bytes, from, to - from, charset).getBytes(charset);
    }
}
