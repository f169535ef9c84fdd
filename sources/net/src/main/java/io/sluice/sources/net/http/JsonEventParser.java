package io.sluice.sources.net.http;

import io.sluice.api.Event;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Flume's JSON event format from UTF-8 bytes, strictly (RFC 8259), straight into events:
 *
 * <pre>
 *   [{"headers": {"host": "web1", "n": 3}, "body": "text"}, {"body": "more"}]
 * </pre>
 *
 * The document must be an array of objects. {@code headers} is an object whose values are strings,
 * numbers (kept as written) or booleans; {@code body} a string, number or boolean, encoded into the
 * request's charset; a missing or null {@code body} is an empty body, missing or null
 * {@code headers} no headers; other members are skipped, whatever they hold. For UTF-8 a body
 * without escapes is copied byte for byte, so posting events costs one pass over the bytes.
 * Escapes follow Java's rules for what Flume's Gson produces: an unpaired surrogate escape becomes
 * {@code ?} when encoded.
 *
 * <p>Errors throw {@link HttpBadRequestException} naming the byte offset and what was expected.
 * One instance per request; not thread-safe.
 */
final class JsonEventParser {
    private final byte[] in;
    private final int end;
    private final Charset charset;
    private final boolean utf8;
    private int pos;
    private byte[] scratch = new byte[64];
    private int scratchLen;

    /** @param charset what bodies are encoded in (the request's charset) */
    JsonEventParser(byte[] utf8Json, Charset charset) {
        this.in = utf8Json;
        this.end = utf8Json.length;
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
    }

    List<Event> parse() throws HttpBadRequestException {
        skipSpace();
        if (pos == end) {
            throw new HttpBadRequestException("the request body is empty; expected a JSON array of events");
        }
        if (startsWith("null")) {
            throw new HttpBadRequestException("the request body is JSON null; expected a JSON array of events");
        }
        expect('[', "a JSON array of events");
        List<Event> events = new ArrayList<>(Math.max(4, end / 128));
        skipSpace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                events.add(event(events.size()));
                skipSpace();
                byte b = next("',' or ']' after an event");
                if (b == ']') {
                    break;
                }
                if (b != ',') {
                    throw error(pos - 1, "',' or ']' after an event");
                }
            }
        }
        skipSpace();
        if (pos != end) {
            throw error(pos, "nothing after the array");
        }
        return events;
    }

    private Event event(int index) throws HttpBadRequestException {
        if (peek() != '{') {
            throw error(pos, "an event object '{' as element " + index + " of the array");
        }
        pos++;
        Event e = Event.of(new byte[0]);
        skipSpace();
        if (peek() == '}') {
            pos++;
            return e;
        }
        while (true) {
            skipSpace();
            int keyAt = pos;
            String key = string();
            skipSpace();
            expect(':', "':' after member name");
            skipSpace();
            if (key.equals("headers")) {
                headers(e);
            } else if (key.equals("body")) {
                body(e);
            } else {
                skipValue(0);
            }
            skipSpace();
            byte b = next("',' or '}' in an event");
            if (b == '}') {
                return e;
            }
            if (b != ',') {
                throw error(pos - 1, "',' or '}' after member \"" + key + "\" at byte " + keyAt);
            }
        }
    }

    private void headers(Event e) throws HttpBadRequestException {
        if (startsWith("null")) {
            pos += 4;
            return;
        }
        expect('{', "an object of headers");
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            String name = string();
            skipSpace();
            expect(':', "':' after header name");
            skipSpace();
            String value = scalarText("header \"" + name + "\"");
            e.putHeader(name, value);
            skipSpace();
            byte b = next("',' or '}' in headers");
            if (b == '}') {
                return;
            }
            if (b != ',') {
                throw error(pos - 1, "',' or '}' in headers");
            }
        }
    }

    private void body(Event e) throws HttpBadRequestException {
        byte b = peek();
        if (b == '"') {
            int start = pos + 1;
            int close = plainStringEnd(start);
            if (close >= 0 && utf8) {
                e.setBody(Arrays.copyOfRange(in, start, close));
                pos = close + 1;
                return;
            }
            e.setBody(string().getBytes(charset));
        } else if (startsWith("null")) {
            pos += 4;
            e.setBody(new byte[0]);
        } else {
            e.setBody(scalarText("body").getBytes(charset));
        }
    }

    /** A header value or a non-string body: a string, a number as written, true or false. */
    private String scalarText(String what) throws HttpBadRequestException {
        byte b = peek();
        if (b == '"') {
            return string();
        }
        if (startsWith("true")) {
            pos += 4;
            return "true";
        }
        if (startsWith("false")) {
            pos += 5;
            return "false";
        }
        if (b == '-' || (b >= '0' && b <= '9')) {
            int start = pos;
            number();
            return new String(in, start, pos - start, StandardCharsets.US_ASCII);
        }
        if (startsWith("null")) {
            throw error(pos, "a string, number or boolean for " + what + ", not null");
        }
        if (b == '{' || b == '[') {
            throw error(pos, "a string, number or boolean for " + what + ", not an object or array");
        }
        throw error(pos, "a value for " + what);
    }

    /** Index of the closing quote when the string starting at {@code from} has no escape or control char, else -1. */
    private int plainStringEnd(int from) {
        for (int i = from; i < end; i++) {
            byte b = in[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    private String string() throws HttpBadRequestException {
        expect('"', "a string");
        int start = pos;
        int close = plainStringEnd(start);
        if (close >= 0) {
            pos = close + 1;
            return new String(in, start, close - start, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder();
        scratchLen = 0;
        while (true) {
            if (pos >= end) {
                throw error(start - 1, "a closing '\"' for the string starting here");
            }
            byte b = in[pos];
            if (b == '"') {
                flushScratch(out);
                pos++;
                return out.toString();
            }
            if (b >= 0 && b < 0x20) {
                throw error(pos, "no raw control character (0x" + Integer.toHexString(b) + ") inside a string; escape it");
            }
            if (b != '\\') {
                appendScratch(b);
                pos++;
                continue;
            }
            flushScratch(out);
            if (pos + 1 >= end) {
                throw error(pos, "an escape sequence");
            }
            byte c = in[pos + 1];
            pos += 2;
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw error(pos - 1, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }
        }
    }

    private char hex4() throws HttpBadRequestException {
        if (pos + 4 > end) {
            throw error(pos, "four hex digits after \\u");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit((char) in[pos + i], 16);
            if (d < 0) {
                throw error(pos + i, "four hex digits after \\u");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private void appendScratch(byte b) {
        if (scratchLen == scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[scratchLen++] = b;
    }

    private void flushScratch(StringBuilder out) {
        if (scratchLen > 0) {
            out.append(new String(scratch, 0, scratchLen, StandardCharsets.UTF_8));
            scratchLen = 0;
        }
    }

    private void number() throws HttpBadRequestException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digit(peek()) && peek() != '0') {
            while (digit(peek())) {
                pos++;
            }
        } else {
            throw error(start, "a number");
        }
        if (peek() == '.') {
            pos++;
            if (!digit(peek())) {
                throw error(pos, "a digit after '.'");
            }
            while (digit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digit(peek())) {
                throw error(pos, "a digit in the exponent");
            }
            while (digit(peek())) {
                pos++;
            }
        }
    }

    /** Skips any JSON value; depth is bounded so a deeply nested member cannot exhaust the stack. */
    private void skipValue(int depth) throws HttpBadRequestException {
        if (depth > 64) {
            throw error(pos, "at most 64 levels of nesting");
        }
        byte b = peek();
        switch (b) {
            case '"' -> string();
            case '{' -> {
                pos++;
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    skipSpace();
                    string();
                    skipSpace();
                    expect(':', "':' after member name");
                    skipSpace();
                    skipValue(depth + 1);
                    skipSpace();
                    byte c = next("',' or '}'");
                    if (c == '}') {
                        return;
                    }
                    if (c != ',') {
                        throw error(pos - 1, "',' or '}'");
                    }
                }
            }
            case '[' -> {
                pos++;
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    skipSpace();
                    skipValue(depth + 1);
                    skipSpace();
                    byte c = next("',' or ']'");
                    if (c == ']') {
                        return;
                    }
                    if (c != ',') {
                        throw error(pos - 1, "',' or ']'");
                    }
                }
            }
            default -> {
                if (startsWith("true")) {
                    pos += 4;
                } else if (startsWith("false")) {
                    pos += 5;
                } else if (startsWith("null")) {
                    pos += 4;
                } else {
                    number();
                }
            }
        }
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private boolean startsWith(String word) {
        if (pos + word.length() > end) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipSpace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at the position, or 0 at the end (never valid where a token is expected). */
    private byte peek() {
        return pos < end ? in[pos] : 0;
    }

    private byte next(String expected) throws HttpBadRequestException {
        if (pos >= end) {
            throw error(pos, expected + " (the body ended)");
        }
        return in[pos++];
    }

    private void expect(char c, String what) throws HttpBadRequestException {
        if (pos >= end || in[pos] != c) {
            throw error(pos, what);
        }
        pos++;
    }

    private HttpBadRequestException error(int at, String expected) {
        String found = at >= end ? "the end of the body" : describe(in[at]);
        return new HttpBadRequestException("malformed JSON at byte " + at + ": expected " + expected + ", found " + found);
    }

    private static String describe(byte b) {
        if (b >= 0x21 && b < 0x7F) {
            return "'" + (char) b + "'";
        }
        return "byte 0x" + String.format("%02x", b & 0xFF);
    }
}
