package io.sluice.sources.net.syslog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-level helpers shared by the syslog parsers. Stateless; thread-safe. */
final class SyslogBytes {
    private SyslogBytes() {
    }

    /** Java regex {@code \s} without UNICODE_CHARACTER_CLASS: space, tab, newline, VT, form feed, CR. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Java regex {@code \w}: ASCII letters, digits and underscore. */
    static boolean isWord(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    }

    /** The host-name character class of Flume's patterns, {@code [\w\d.@-]}. */
    static boolean isHostChar(byte b) {
        return isWord(b) || b == '.' || b == '@' || b == '-';
    }

    /**
     * Whether {@code [from, to)} matches Flume's {@code (.*)$}: Java's {@code .} stops at CR, LF,
     * NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR (the last three as UTF-8 here).
     */
    static boolean isSingleLine(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = a[i];
            if (b == '\r' || b == '\n') {
                return false;
            }
            if (b == (byte) 0xC2 && i + 1 < to && a[i + 1] == (byte) 0x85) {
                return false;
            }
            if (b == (byte) 0xE2 && i + 2 < to && a[i + 1] == (byte) 0x80
                    && (a[i + 2] == (byte) 0xA8 || a[i + 2] == (byte) 0xA9)) {
                return false;
            }
        }
        return true;
    }

    /** The PRI value of a message starting {@code <d{1,3}>}, or -1; {@code end[0]} gets the index after '>'. */
    static int priority(byte[] a, int len, int[] end) {
        if (len < 3 || a[0] != '<') {
            return -1;
        }
        int v = 0;
        int i = 1;
        while (i < len && i <= 4 && isDigit(a[i])) {
            v = v * 10 + (a[i] - '0');
            i++;
        }
        if (i == 1 || i > 4 || i >= len || a[i] != '>') {
            return -1;
        }
        end[0] = i + 1;
        return v;
    }

    /** An ASCII string of {@code [from, to)}, reusing {@code last} when it holds the same text. */
    static String ascii(byte[] a, int from, int to, String last) {
        int n = to - from;
        if (last != null && last.length() == n) {
            boolean same = true;
            for (int i = 0; i < n; i++) {
                if (last.charAt(i) != (char) (a[from + i] & 0xFF)) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return last;
            }
        }
        return new String(a, from, n, StandardCharsets.UTF_8);
    }

    static byte[] copy(byte[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    /** Whether {@code [from, to)} equals {@code b}. */
    static boolean same(byte[] a, int from, int to, byte[] b) {
        return b != null && Arrays.equals(a, from, to, b, 0, b.length);
    }
}
