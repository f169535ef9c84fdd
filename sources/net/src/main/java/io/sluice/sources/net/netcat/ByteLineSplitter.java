package io.sluice.sources.net.netcat;

import io.netty.buffer.ByteBuf;
import io.sluice.api.util.Utf8;
import java.util.Arrays;

/**
 * Line splitting on bytes for encodings in which {@code \n} is the byte 0x0A and never part of a
 * longer sequence: UTF-8, US-ASCII and ISO-8859-1. A line that fits in one read and is shorter than
 * the limit in bytes (so also in chars) is copied once into its body array and validated there; for
 * UTF-8 and ASCII those bytes are already the UTF-8 body, so nothing is decoded.
 *
 * <p>Bytes of an unfinished line are kept in a small array that never grows past what deciding
 * "too long" needs: {@code max-line-length} bytes for the one-byte encodings, and for UTF-8
 * {@code 3 × max-line-length + 3} (well-formed UTF-8 has at least one char per three bytes, so more
 * bytes than that without reaching the limit cannot be well-formed). Not thread-safe.
 */
final class ByteLineSplitter implements LineSplitter {

    enum Mode { UTF_8, ASCII, LATIN_1 }

    private static final byte LF = '\n';
    private static final byte[] EMPTY = new byte[0];
    private static final int INITIAL_PARTIAL = 256;
    // A connection that once sent a long line should not keep a big array while it idles.
    private static final int KEEP_PARTIAL_UP_TO = 4096;

    private final Mode mode;
    private final int maxLineLength;
    private final int partialCap;
    private byte[] partial;
    private int partialLen;
    private int partialChars;

    ByteLineSplitter(Mode mode, int maxLineLength) {
        this.mode = mode;
        this.maxLineLength = maxLineLength;
        this.partialCap = mode == Mode.UTF_8 ? (int) Math.min(Integer.MAX_VALUE - 8, 3L * maxLineLength + 3) : maxLineLength;
    }

    @Override
    public Result split(ByteBuf in, LineSink sink) {
        int r = in.readerIndex();
        final int w = in.writerIndex();
        while (r < w) {
            int nl = in.indexOf(r, w, LF);
            if (nl < 0) {
                Result result = appendPartial(in, r, w);
                in.readerIndex(w);
                return result;
            }
            byte[] body;
            if (partialLen == 0 && nl - r < maxLineLength) {
                // Fast path: fewer bytes than the limit means fewer chars too, in all three modes.
                body = nl == r ? EMPTY : new byte[nl - r];
                in.getBytes(r, body);
                body = toUtf8(body);
            } else {
                Result result = appendPartial(in, r, nl);
                if (result != Result.NEED_INPUT) {
                    in.readerIndex(w);
                    return result;
                }
                body = takePartialLine();
            }
            if (body == null) {
                in.readerIndex(w);
                return Result.INVALID;
            }
            r = nl + 1;
            if (!sink.accept(body)) {
                in.readerIndex(r);
                return Result.FULL;
            }
        }
        in.readerIndex(r);
        return Result.NEED_INPUT;
    }

    @Override
    public boolean hasPartial() {
        return partialLen > 0;
    }

    /** Capacity of the partial-line array: the memory one connection's unfinished line holds. */
    int partialCapacity() {
        return partial == null ? 0 : partial.length;
    }

    /**
     * Adds {@code [from, to)} to the partial line, stopping at the cap. NEED_INPUT while the line is
     * still under the limit; TOO_LONG or INVALID once it is not.
     */
    private Result appendPartial(ByteBuf in, int from, int to) {
        int n = to - from;
        int take = Math.min(n, partialCap - partialLen);
        ensureCapacity(partialLen + take);
        in.getBytes(from, partial, partialLen, take);
        partialChars += mode == Mode.UTF_8 ? Utf8.countChars(partial, partialLen, partialLen + take) : take;
        partialLen += take;
        if (partialChars >= maxLineLength || take < n) {
            return validPrefix(partial, partialLen) ? Result.TOO_LONG : Result.INVALID;
        }
        return Result.NEED_INPUT;
    }

    private void ensureCapacity(int needed) {
        if (partial == null || partial.length < needed) {
            int grown = partial == null ? INITIAL_PARTIAL : partial.length * 2;
            int size = Math.max(needed, Math.min(partialCap, grown));
            partial = partial == null ? new byte[size] : Arrays.copyOf(partial, size);
        }
    }

    /** The complete line held in the partial array as a UTF-8 body, or null if it is invalid. */
    private byte[] takePartialLine() {
        byte[] line = Arrays.copyOf(partial, partialLen);
        partialLen = 0;
        partialChars = 0;
        if (partial.length > KEEP_PARTIAL_UP_TO) {
            partial = null;
        }
        return toUtf8(line);
    }

    /** The UTF-8 body for a complete line's bytes, or null when they are invalid in the encoding. */
    private byte[] toUtf8(byte[] line) {
        switch (mode) {
            case UTF_8:
                return Utf8.isWellFormed(line, 0, line.length) ? line : null;
            case ASCII:
                return Utf8.firstNonAscii(line, 0, line.length) == line.length ? line : null;
            default:
                return latin1ToUtf8(line);
        }
    }

    /** Whether the bytes held so far could still start a valid line (an incomplete last char is fine). */
    private boolean validPrefix(byte[] bytes, int len) {
        switch (mode) {
            case UTF_8:
                return Utf8.scan(bytes, 0, len) != Utf8.MALFORMED;
            case ASCII:
                return Utf8.firstNonAscii(bytes, 0, len) == len;
            default:
                return true;
        }
    }

    private static byte[] latin1ToUtf8(byte[] line) {
        int first = Utf8.firstNonAscii(line, 0, line.length);
        if (first == line.length) {
            return line;
        }
        int high = 0;
        for (int i = first; i < line.length; i++) {
            if (line[i] < 0) {
                high++;
            }
        }
        byte[] out = new byte[line.length + high];
        System.arraycopy(line, 0, out, 0, first);
        int o = first;
        for (int i = first; i < line.length; i++) {
            int c = line[i] & 0xFF;
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }
}
