package io.sluice.channels.file.wal.record;

import io.sluice.api.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One event inside a PUT record: {@code length:i32 | crc:i32 | data}, where the checksum covers the
 * length field and the data, and data is the header count, each header's UTF-8 key and value with
 * their lengths, then the body. Stateless; callers pass their own {@link CRC32C}.
 */
public final class EventCodec {

    /** Bytes before the data: the length and the checksum. */
    public static final int PREFIX = 8;

    /** {@link #verify} results below zero. */
    public static final int TRUNCATED = -1;
    public static final int BAD_LENGTH = -2;
    public static final int BAD_CHECKSUM = -3;
    public static final int BAD_LAYOUT = -4;

    private EventCodec() {
    }

    /**
     * Bytes the event takes in a record, prefix included (an upper bound when a header holds an
     * unpaired surrogate, which UTF-8 encoding replaces by one byte).
     */
    public static int encodedSize(Event e) {
        long size = PREFIX + 4L + e.body().length;
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            size += 8L + utf8Length(h.getKey()) + utf8Length(h.getValue());
        }
        if (size > RecordHeader.MAX_LENGTH) {
            throw new IllegalArgumentException("an event of " + size + " bytes is larger than a record can hold ("
                    + RecordHeader.MAX_LENGTH + " bytes)");
        }
        return (int) size;
    }

    /** Writes the event at {@code buf}'s position and advances it; {@link #encodedSize} bytes must fit. */
    public static void encode(Event e, ByteBuffer buf, CRC32C crc) {
        int start = buf.position();
        buf.position(start + PREFIX);
        Map<String, String> headers = e.headers();
        buf.putInt(headers.size());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            putString(buf, h.getKey());
            putString(buf, h.getValue());
        }
        buf.put(e.body());
        int end = buf.position();
        int length = end - start - PREFIX;
        buf.putInt(start, length);
        buf.putInt(start + 4, checksum(buf, start, length, crc));
    }

    /**
     * Checks the event at absolute index {@code at}, which must end by {@code limit}. Returns its
     * total size (prefix included) when intact, else one of the negative codes.
     */
    public static int verify(ByteBuffer buf, int at, int limit, CRC32C crc) {
        if (limit - at < PREFIX) {
            return TRUNCATED;
        }
        int length = buf.getInt(at);
        if (length < 4 || length > limit - at - PREFIX) {
            return length < 4 || length > RecordHeader.MAX_LENGTH ? BAD_LENGTH : TRUNCATED;
        }
        if (buf.getInt(at + 4) != checksum(buf, at, length, crc)) {
            return BAD_CHECKSUM;
        }
        return layoutValid(buf, at + PREFIX, at + PREFIX + length) ? PREFIX + length : BAD_LAYOUT;
    }

    /** Decodes a verified event at absolute index {@code at}. */
    public static Event decode(ByteBuffer buf, int at) {
        int end = at + PREFIX + buf.getInt(at);
        int p = at + PREFIX;
        int headerCount = buf.getInt(p);
        p += 4;
        Map<String, String> headers = headerCount == 0 ? Map.of() : new LinkedHashMap<>(headerCount * 2);
        for (int i = 0; i < headerCount; i++) {
            int kl = buf.getInt(p);
            String key = getString(buf, p + 4, kl);
            p += 4 + kl;
            int vl = buf.getInt(p);
            String value = getString(buf, p + 4, vl);
            p += 4 + vl;
            headers.put(key, value);
        }
        byte[] body = new byte[end - p];
        buf.get(p, body);
        return headerCount == 0 ? Event.of(body) : Event.of(headers, body);
    }

    /** What a negative {@link #verify} result means, for log lines. */
    public static String describe(int code) {
        return switch (code) {
            case TRUNCATED -> "event runs past the end of its record";
            case BAD_LENGTH -> "event length field is damaged";
            case BAD_CHECKSUM -> "event checksum mismatch";
            case BAD_LAYOUT -> "event headers do not fit its length";
            default -> "intact";
        };
    }

    private static boolean layoutValid(ByteBuffer buf, int p, int end) {
        int headerCount = buf.getInt(p);
        p += 4;
        if (headerCount < 0) {
            return false;
        }
        for (int i = 0; i < 2 * headerCount; i++) {
            if (end - p < 4) {
                return false;
            }
            int n = buf.getInt(p);
            if (n < 0 || n > end - p - 4) {
                return false;
            }
            p += 4 + n;
        }
        return p <= end;
    }

    private static int checksum(ByteBuffer buf, int at, int length, CRC32C crc) {
        // Moves the buffer's own window instead of slicing: this runs once per event on the hot path.
        int position = buf.position();
        int limit = buf.limit();
        crc.reset();
        buf.limit(at + 4).position(at);
        crc.update(buf);
        buf.limit(at + PREFIX + length).position(at + PREFIX);
        crc.update(buf);
        buf.limit(limit).position(position);
        return (int) crc.getValue();
    }

    private static void putString(ByteBuffer buf, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        buf.putInt(bytes.length);
        buf.put(bytes);
    }

    private static String getString(ByteBuffer buf, int at, int length) {
        byte[] bytes = new byte[length];
        buf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
