package io.sluice.sources.net.netcat;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Line splitting for any charset, as Flume does it: decode into a char buffer of
 * {@code max-line-length} chars, cut at {@code \n}, encode each line as UTF-8. A line that fills the
 * buffer without a newline is too long; malformed or unmappable input is invalid. Used for the
 * encodings the byte-level {@link ByteLineSplitter} cannot handle (UTF-16, Shift_JIS, windows-1252 …).
 * Bytes of an incomplete multi-byte char are left unread in the input for the next call. Not
 * thread-safe.
 */
final class CharsetLineSplitter implements LineSplitter {
    private static final int INITIAL_CHARS = 1024;

    private final CharsetDecoder decoder;
    private final int maxLineLength;
    // Grows up to maxLineLength only when a line needs it: idle connections and short lines stay small.
    private CharBuffer chars;
    // chars[0, scanned) are known to hold no '\n', so a long partial line is not rescanned per read.
    private int scanned;
    private boolean malformed;

    CharsetLineSplitter(Charset charset, int maxLineLength) {
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxLineLength = maxLineLength;
        this.chars = CharBuffer.allocate(0);
    }

    @Override
    public Result split(ByteBuf in, LineSink sink) {
        while (true) {
            if (!deliverLines(sink)) {
                return Result.FULL;
            }
            if (malformed) {
                return Result.INVALID;
            }
            if (!in.isReadable()) {
                return Result.NEED_INPUT;
            }
            if (!chars.hasRemaining() && !grow()) {
                return Result.TOO_LONG;
            }
            ByteBuffer src = in.nioBufferCount() == 1
                    ? in.internalNioBuffer(in.readerIndex(), in.readableBytes())
                    : in.nioBuffer();
            int before = src.position();
            CoderResult cr = decoder.decode(src, chars, false);
            in.skipBytes(src.position() - before);
            if (cr.isError()) {
                // Lines decoded before the bad bytes are still delivered, as Flume processes them first.
                malformed = true;
            } else if (cr.isUnderflow()) {
                // All input used, or only the start of a multi-byte char is left for the next read.
                if (!deliverLines(sink)) {
                    return Result.FULL;
                }
                return chars.hasRemaining() || grow() ? Result.NEED_INPUT : Result.TOO_LONG;
            }
        }
    }

    @Override
    public boolean hasPartial() {
        return chars.position() > 0;
    }

    /** Makes room for more chars while the buffer is below the line limit; false when it is at the limit. */
    private boolean grow() {
        int capacity = chars.capacity();
        if (capacity >= maxLineLength) {
            return false;
        }
        int size = (int) Math.min(maxLineLength, Math.max(INITIAL_CHARS, 2L * capacity));
        CharBuffer bigger = CharBuffer.allocate(size);
        chars.flip();
        bigger.put(chars);
        chars = bigger;
        return true;
    }

    /** Hands over every complete line in the buffer; false when the sink filled up first. */
    private boolean deliverLines(LineSink sink) {
        char[] a = chars.array();
        int end = chars.position();
        int lineStart = 0;
        boolean more = true;
        for (int i = scanned; i < end && more; i++) {
            if (a[i] == '\n') {
                more = sink.accept(new String(a, lineStart, i - lineStart).getBytes(StandardCharsets.UTF_8));
                lineStart = i + 1;
            }
        }
        if (lineStart > 0) {
            chars.flip();
            chars.position(lineStart);
            chars.compact();
            scanned = more ? chars.position() : 0;
        } else {
            scanned = end;
        }
        return more;
    }
}
