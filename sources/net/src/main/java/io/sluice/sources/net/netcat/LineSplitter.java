package io.sluice.sources.net.netcat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a connection's byte stream into newline-terminated lines and hands each line's body, as
 * UTF-8, to a {@link LineSink}. A line ends at {@code \n} only; a {@code \r} before it stays in the
 * body. Keeps at most one line's worth of state between calls, never more than the length limit
 * needs, so an endless line costs bounded memory. One instance per connection, used by one thread
 * (the connection's event loop).
 *
 * <pre>
 *   input reads:  | a\r\nbc | d\nxyz |  EOF
 *   lines:        "a\r"  "bcd"         "xyz" is an unterminated fragment: {@link #hasPartial()}
 * </pre>
 */
interface LineSplitter {

    /** Why {@link #split} returned. */
    enum Result {
        /** Every readable byte was consumed (some may be kept as a partial line); more input is needed. */
        NEED_INPUT,
        /** The sink asked to stop; unread bytes stay readable in the input for the next call. */
        FULL,
        /** A line reached the limit ({@code max-line-length} chars, newline included) before its end. */
        TOO_LONG,
        /** The input holds bytes that are invalid in the connection's encoding. */
        INVALID
    }

    /** Receives line bodies in order. */
    interface LineSink {
        /** Takes one line body (UTF-8); returns false when the sink wants no more lines for now. */
        boolean accept(byte[] utf8Body);
    }

    /**
     * Consumes bytes from {@code in} (advancing its reader index) until it is drained or the sink is
     * full, delivering each complete line. After TOO_LONG or INVALID the splitter must not be used again.
     */
    Result split(ByteBuf in, LineSink sink);

    /** True when bytes of an unterminated line are held. */
    boolean hasPartial();

    /**
     * The splitter for {@code charset}: a byte-level one that keeps the client's bytes for UTF-8,
     * US-ASCII and ISO-8859-1 (where {@code \n} is the byte 0x0A and never part of a longer
     * sequence), otherwise one that decodes to chars first, as Flume does.
     *
     * @param maxLineLength longest line in decoded chars, newline included; at least 2
     */
    static LineSplitter forCharset(Charset charset, int maxLineLength) {
        if (maxLineLength < 2) {
            throw new IllegalArgumentException("maxLineLength must be at least 2: " + maxLineLength);
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return new ByteLineSplitter(ByteLineSplitter.Mode.UTF_8, maxLineLength);
        }
        if (charset.equals(StandardCharsets.US_ASCII)) {
            return new ByteLineSplitter(ByteLineSplitter.Mode.ASCII, maxLineLength);
        }
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            return new ByteLineSplitter(ByteLineSplitter.Mode.LATIN_1, maxLineLength);
        }
        return new CharsetLineSplitter(charset, maxLineLength);
    }
}
