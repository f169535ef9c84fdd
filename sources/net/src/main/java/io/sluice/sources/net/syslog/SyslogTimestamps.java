package io.sluice.sources.net.syslog;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Turns syslog timestamp text into epoch milliseconds. The text was already matched by the
 * caller's grammar; this checks the field ranges and does the calendar arithmetic. Every method
 * returns {@link #NONE} for a date that does not exist (month 13, February 30), where Flume's lenient
 * {@code SimpleDateFormat} rolls over into another date. Stateless; thread-safe.
 *
 * <pre>
 *   RFC 5424: 2003-10-11T22:14:15.003Z   2003-08-24T05:14:15.000003-07:00   2003-10-11T22:14:15
 *   RFC 3164: Oct 11 22:14:15            Oct  1 22:14:15
 * </pre>
 */
final class SyslogTimestamps {
    static final long NONE = Long.MIN_VALUE;

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private SyslogTimestamps() {
    }

    /**
     * RFC 5424 {@code yyyy-MM-ddTHH:mm:ss[.f{1,6}][Z|±hh:mm]} in {@code [from, to)}. The fraction is
     * scaled ({@code .5} is 500 ms; Flume reads it as 5 ms) and cut to milliseconds; a zone is always
     * applied (Flume drops it when a fraction is present); without one the text is local time in
     * {@code defaultZone}.
     */
    static long rfc5424(byte[] a, int from, int to, ZoneId defaultZone) {
        if (to - from < 19) {
            return NONE;
        }
        int year = digits(a, from, 4);
        int month = digits(a, from + 5, 2);
        int day = digits(a, from + 8, 2);
        int hour = digits(a, from + 11, 2);
        int minute = digits(a, from + 14, 2);
        int second = digits(a, from + 17, 2);
        int i = from + 19;
        int millis = 0;
        if (i < to && a[i] == '.') {
            i++;
            int scale = 100;
            while (i < to && a[i] >= '0' && a[i] <= '9') {
                millis += (a[i] - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        ZoneOffset offset = null;
        if (i < to) {
            if (a[i] == 'Z') {
                offset = ZoneOffset.UTC;
            } else if (to - i == 6 && (a[i] == '+' || a[i] == '-')) {
                int hours = digits(a, i + 1, 2);
                int minutes = digits(a, i + 4, 2);
                if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
                    return NONE;
                }
                int total = hours * 3600 + minutes * 60;
                try {
                    offset = ZoneOffset.ofTotalSeconds(a[i] == '-' ? -total : total);
                } catch (DateTimeException e) {
                    return NONE;
                }
            } else {
                return NONE;
            }
        }
        return toMillis(year, month, day, hour, minute, second, millis, offset, defaultZone);
    }

    /**
     * RFC 3164 {@code Mmm d HH:mm:ss} (one or two spaces before the day) in {@code [from, to)}, local
     * time in {@code zone}, in the year that puts it at most eleven months before or one month after
     * {@code nowMillis} (Flume's intended window; its code rolls the wrong way).
     */
    static long rfc3164(byte[] a, int from, int to, ZoneId zone, long nowMillis) {
        if (to - from < 14 || to - from > 16) {
            return NONE;
        }
        int month = month(a, from);
        int i = from + 3;
        if (a[i] != ' ') {
            return NONE;
        }
        i++;
        if (a[i] == ' ') {
            i++;
        }
        int day;
        if (to - i == 11) {
            day = digits(a, i, 2);
            i += 2;
        } else if (to - i == 10) {
            day = digits(a, i, 1);
            i += 1;
        } else {
            return NONE;
        }
        if (a[i] != ' ' || a[i + 3] != ':' || a[i + 6] != ':') {
            return NONE;
        }
        int hour = digits(a, i + 1, 2);
        int minute = digits(a, i + 4, 2);
        int second = digits(a, i + 7, 2);
        if (month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) {
            return NONE;
        }
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), zone);
        try {
            ZonedDateTime t = LocalDateTime.of(now.getYear(), month, day, hour, minute, second).atZone(zone);
            if (t.minusMonths(1).isAfter(now)) {
                t = LocalDateTime.of(now.getYear() - 1, month, day, hour, minute, second).atZone(zone);
            } else if (t.plusMonths(11).isBefore(now)) {
                t = LocalDateTime.of(now.getYear() + 1, month, day, hour, minute, second).atZone(zone);
            }
            return t.toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return NONE; // 29 February outside a leap year
        }
    }

    /**
     * multiport_syslogtcp's RFC 5424 reading (Flume's {@code SyslogParser}): the token up to the next
     * space; its first 19 characters are UTC, a fraction is scaled to milliseconds, then {@code Z} or
     * {@code ±hh:mm} is applied. A token of exactly 19 characters is refused, as Flume refuses it.
     */
    static long multiportRfc5424(byte[] a, int from, int to) {
        if (to - from <= 19 || a[from + 4] != '-' || a[from + 7] != '-' || a[from + 10] != 'T'
                || a[from + 13] != ':' || a[from + 16] != ':') {
            return NONE;
        }
        int i = from + 19;
        if (a[i] == '.') {
            int j = i + 1;
            while (j < to && a[j] >= '0' && a[j] <= '9') {
                j++;
            }
            if (j == i + 1) {
                return NONE;
            }
            i = j;
        }
        if (i < to && !(a[i] == 'Z' && i + 1 == to) && !(to - i == 6 && (a[i] == '+' || a[i] == '-') && a[i + 3] == ':')) {
            return NONE;
        }
        return rfc5424(a, from, to, ZoneOffset.UTC);
    }

    /** multiport_syslogtcp's RFC 3164 reading: UTC, current-year window as {@link #rfc3164}. */
    static long multiportRfc3164(byte[] a, int from, int to, long nowMillis) {
        return rfc3164(a, from, to, ZoneOffset.UTC, nowMillis);
    }

    private static long toMillis(int year, int month, int day, int hour, int minute, int second, int millis,
                                 ZoneOffset offset, ZoneId defaultZone) {
        if (year < 0 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) {
            return NONE;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
            long epochSecond = offset != null ? local.toEpochSecond(offset) : local.atZone(defaultZone).toEpochSecond();
            return epochSecond * 1000 + millis;
        } catch (DateTimeException e) {
            return NONE;
        }
    }

    /** The value of {@code n} decimal digits at {@code at}, or -1 if any is not a digit. */
    private static int digits(byte[] a, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** 1 to 12 for an English month abbreviation in any case at {@code at}, else -1. */
    private static int month(byte[] a, int at) {
        for (int m = 0; m < 12; m++) {
            boolean match = true;
            for (int k = 0; k < 3; k++) {
                if (Character.toLowerCase((char) (a[at + k] & 0xFF)) != MONTHS.charAt(3 * m + k)) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return m + 1;
            }
        }
        return -1;
    }
}
