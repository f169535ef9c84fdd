package io.sluice.sources.local.deserializer;

import io.sluice.api.Event;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.api.util.Utf8;
import io.sluice.sources.local.files.Bytes;
import io.sluice.sources.local.files.FileWindow;
import io.sluice.sources.local.files.TextChecks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The {@code LINE} deserializer (spec §10.2): one event per line, where only {@code '\n'} ends a
 * line (a {@code '\r'} before it stays in the body). The line is decoded with the input charset
 * under the decode error policy and the body is its text in {@code outputCharset}. A line longer
 * than {@code maxLineLength} characters becomes several events of at most that many characters;
 * nothing is dropped. A last line without {@code '\n'} is an event too.
 *
 * <pre>
 *   maxLineLength 4:   "abc\n"  "abcd\n"  "abcdefghij\n"   "xyz"(end of file)
 *   events:            abc      abcd      abcd efgh ij     xyz
 * </pre>
 *
 * <p>Where Sluice differs from Flume: a line of exactly {@code maxLineLength} characters is one
 * event (Flume adds an empty one after it), and a cut never falls between the two halves of a
 * surrogate pair (that chunk is one character shorter).
 *
 * <p>Lines are found on the raw bytes (the input charset is ASCII-compatible, checked at
 * validation), so positions are exact byte offsets and the common case costs no decoding at all:
 * a line that is pure ASCII, or well-formed UTF-8 read and written as UTF-8, is its own body.
 * Memory is bounded by the window, about {@code 2 × maxLineLength} characters' worth of bytes
 * and at least 256 KiB, whatever the line lengths. Not thread-safe.
 */
final class LineDeserializer implements EventDeserializer {
    private static final RateLimitedLog SPLITS = new RateLimitedLog(LoggerFactory.getLogger(LineDeserializer.class),
            10, TimeUnit.SECONDS);
    private static final int MIN_WINDOW = 256 * 1024;
    private static final Set<Charset> ASCII_IDENTITY = Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII,
            StandardCharsets.ISO_8859_1);

    private final FileWindow in;
    private final int maxLineLength;
    private final boolean asciiPassThrough;
    private final boolean utf8PassThrough;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder;
    private final CharBuffer chars;
    /** Bytes that surely decode to more than maxLineLength characters: enough for a full chunk. */
    private final int chunkBytes;
    /** Bytes after the window start already known to hold no newline. */
    private int scanned;

    LineDeserializer(FileWindow in, int maxLineLength, Charset input, Charset output, DecodeErrorPolicy policy) {
        this.in = in;
        this.maxLineLength = maxLineLength;
        this.asciiPassThrough = ASCII_IDENTITY.contains(input) && TextChecks.isAsciiCompatible(output);
        this.utf8PassThrough = input.equals(StandardCharsets.UTF_8) && output.equals(StandardCharsets.UTF_8);
        this.decoder = input.newDecoder().onMalformedInput(policy.action()).onUnmappableCharacter(policy.action());
        this.encoder = output.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.chars = CharBuffer.allocate(Math.max(2, maxLineLength));
        int bytesPerChar = (int) Math.ceil(input.newEncoder().maxBytesPerChar());
        this.chunkBytes = (int) Math.min(Integer.MAX_VALUE / 4, (maxLineLength + 1L) * Math.max(bytesPerChar, 4));
    }

    /** The window a file needs for this maxLineLength and input charset. */
    static int windowBytes(int maxLineLength, Charset input) {
        int bytesPerChar = (int) Math.ceil(input.newEncoder().maxBytesPerChar());
        long chunk = (maxLineLength + 1L) * Math.max(bytesPerChar, 4);
        return (int) Math.min(Integer.MAX_VALUE / 2, Math.max(MIN_WINDOW, 2 * chunk));
    }

    @Override
    public List<Event> read(int max) throws IOException {
        List<Event> out = new ArrayList<>(Math.min(max, 1024));
        try {
            while (out.size() < max) {
                byte[] b = in.buffer();
                int s = in.start();
                int e = in.end();
                int nl = Bytes.indexOfNewline(b, s + scanned, e);
                if (nl >= 0) {
                    scanned = 0;
                    if (!line(out, max, b, s, nl, true)) {
                        break;
                    }
                    continue;
                }
                scanned = e - s;
                if (e - s >= chunkBytes) {
                    if (!unterminatedChunks(out, max, b, s, e)) {
                        break;
                    }
                    continue;
                }
                if (in.fill() < 0) {
                    if (in.available() == 0) {
                        break;
                    }
                    scanned = 0;
                    if (!line(out, max, in.buffer(), in.start(), in.end(), false)) {
                        break;
                    }
                }
            }
        } catch (DecodeException e) {
            if (out.isEmpty()) {
                throw e;
            }
            // The events before the bad input are delivered; the next read starts at it and throws.
        }
        return out;
    }

    /** Emits the line {@code [s, end)}; returns false when the batch filled up inside it. */
    private boolean line(List<Event> out, int max, byte[] b, int s, int end, boolean terminated) throws IOException {
        int len = end - s;
        if (len <= maxLineLength && (asciiPassThrough || utf8PassThrough)) {
            boolean ascii = Utf8.firstNonAscii(b, s, end) == end;
            if ((ascii && asciiPassThrough) || (utf8PassThrough && Utf8.isWellFormed(b, s, end))) {
                out.add(Event.of(Arrays.copyOfRange(b, s, end)));
                in.consume(len + (terminated ? 1 : 0));
                return true;
            }
        }
        return decodeLine(out, max, b, s, len, terminated);
    }

    private boolean decodeLine(List<Event> out, int max, byte[] b, int s, int len, boolean terminated)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(b, s, len);
        long lineStart = in.position();
        decoder.reset();
        boolean first = true;
        while (true) {
            if (out.size() >= max) {
                return false;
            }
            int before = bytes.position();
            decodeChunk(bytes, true);
            boolean whole = !bytes.hasRemaining();
            if (chars.hasRemaining() || (first && whole)) {
                out.add(Event.of(encode()));
            }
            in.consume(bytes.position() - before);
            if (whole) {
                if (terminated) {
                    in.consume(1);
                }
                return true;
            }
            if (first) {
                SPLITS.warn("Line at byte {} of {} is longer than maxLineLength ({} characters); it is split into "
                        + "events of at most that length", lineStart, in.path(), maxLineLength);
            }
            first = false;
        }
    }

    /** Full chunks of a line whose end is not in the window yet; returns false when the batch is full. */
    private boolean unterminatedChunks(List<Event> out, int max, byte[] b, int s, int e) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(b, s, e - s);
        decoder.reset();
        boolean progress = false;
        while (out.size() < max) {
            int before = bytes.position();
            CoderResult r = decodeChunk(bytes, false);
            if (r.isUnderflow()) {
                if (!progress) {
                    // Only possible when IGNORE dropped most of the window: take what decoded, so the window moves.
                    if (chars.hasRemaining()) {
                        out.add(Event.of(encode()));
                    }
                    in.consume(bytes.position() - before);
                }
                scanned = 0;
                return true;
            }
            SPLITS.warn("Line at byte {} of {} is longer than maxLineLength ({} characters); it is split into events "
                    + "of at most that length", in.position(), in.path(), maxLineLength);
            out.add(Event.of(encode()));
            in.consume(bytes.position() - before);
            progress = true;
        }
        scanned = 0;
        return false;
    }

    /**
     * Decodes from {@code bytes} into {@link #chars} (flipped for reading) until maxLineLength
     * characters or the end of the bytes; returns OVERFLOW when the chunk is full.
     */
    private CoderResult decodeChunk(ByteBuffer bytes, boolean endOfInput) throws DecodeException {
        chars.clear().limit(maxLineLength);
        CoderResult r = decoder.decode(bytes, chars, endOfInput);
        if (r.isOverflow() && chars.position() == 0) {
            // maxLineLength 1 and a supplementary character: a pair is never cut, so this chunk holds two chars.
            chars.limit(2);
            r = decoder.decode(bytes, chars, endOfInput);
        }
        if (r.isError()) {
            long at = in.position() + (bytes.position() - in.start());
            throw new DecodeException("Bytes at offset " + at + " of " + in.path() + " are not valid "
                    + decoder.charset().name() + " (decodeErrorPolicy FAIL)", at, null);
        }
        chars.flip();
        return r;
    }

    private byte[] encode() throws CharacterCodingException {
        encoder.reset();
        ByteBuffer encoded = encoder.encode(chars);
        byte[] body = new byte[encoded.remaining()];
        encoded.get(body);
        return body;
    }

    @Override
    public ReadMark mark() {
        return new ReadMark(in.position(), 0);
    }

    @Override
    public void seek(ReadMark mark) throws IOException {
        in.seek(mark.offset());
        scanned = 0;
    }

    @Override
    public boolean atEnd() throws IOException {
        return in.available() == 0 && in.position() >= in.length();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
