package io.sluice.api.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-level UTF-8 checks that let a line source keep the client's bytes as the event body instead
 * of decoding to a String and encoding back. Well-formed means exactly what the JDK's UTF-8 decoder
 * accepts with {@code CodingErrorAction.REPORT}: no overlong forms, no surrogates, nothing above
 * U+10FFFF (Unicode table 3-7). Stateless and thread-safe.
 */
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Returned by {@link #scan} when the bytes are not well-formed. */
    public static final int MALFORMED = -1;

    private Utf8() {
    }

    /** Index of the first byte with the high bit set in {@code [from, to)}, or {@code to}. */
    public static int firstNonAscii(byte[] a, int from, int to) {
        int i = from;
        // Eight bytes per step: ASCII text, the common case, is then checked at memory speed.
        for (; i + 8 <= to; i += 8) {
            if (((long) LONGS.get(a, i) & HIGH_BITS) != 0) {
                break;
            }
        }
        for (; i < to; i++) {
            if (a[i] < 0) {
                return i;
            }
        }
        return to;
    }

    /** True when {@code [from, to)} is well-formed UTF-8 ending on a character boundary. */
    public static boolean isWellFormed(byte[] a, int from, int to) {
        return scan(a, from, to) == to;
    }

    /**
     * Checks {@code [from, to)}. Returns {@code to} when it is well-formed; {@link #MALFORMED} when
     * some byte can never be part of well-formed UTF-8 at its position; otherwise the index where a
     * last, incomplete but so far valid, sequence starts (the rest may arrive in the next read).
     */
    public static int scan(byte[] a, int from, int to) {
        int i = firstNonAscii(a, from, to);
        while (i < to) {
            int lead = a[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int trailing;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead < 0xC2) {
                return MALFORMED; // a continuation byte, or an overlong two-byte lead
            } else if (lead < 0xE0) {
                trailing = 1;
            } else if (lead < 0xF0) {
                trailing = 2;
                if (lead == 0xE0) {
                    lo = 0xA0; // overlong
                } else if (lead == 0xED) {
                    hi = 0x9F; // surrogates
                }
            } else if (lead < 0xF5) {
                trailing = 3;
                if (lead == 0xF0) {
                    lo = 0x90; // overlong
                } else if (lead == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return MALFORMED;
            }
            int end = i + 1 + trailing;
            int available = Math.min(end, to);
            for (int j = i + 1; j < available; j++) {
                int c = a[j] & 0xFF;
                if (c < lo || c > hi) {
                    return MALFORMED;
                }
                lo = 0x80;
                hi = 0xBF;
            }
            if (end > to) {
                return i;
            }
            i = end;
        }
        return to;
    }

    /**
     * The number of UTF-16 chars {@code [from, to)} decodes to if it is well-formed: one per sequence,
     * two for a four-byte one (a surrogate pair), as Java's decoders count. Bytes of an incomplete
     * last sequence count as its one char already. Cheap and branch-light, so it can run on every
     * byte of a partial line; for malformed input the result is meaningless but bounded by the length.
     */
    public static int countChars(byte[] a, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            int b = a[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                n++;
            }
            if (b >= 0xF0) {
                n++;
            }
        }
        return n;
    }
}
