package io.sluice.sources.net.syslog;

import static io.sluice.sources.net.syslog.SyslogBytes.isDigit;
import static io.sluice.sources.net.syslog.SyslogBytes.isHostChar;
import static io.sluice.sources.net.syslog.SyslogBytes.isSpace;
import static io.sluice.sources.net.syslog.SyslogBytes.isWord;

import io.sluice.api.Event;
import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * The message grammar of Flume's {@code syslogtcp} and {@code syslogudp} (its {@code SyslogUtils},
 * spec §4.6), matched on bytes instead of with regular expressions over a decoded string. A message
 * must start {@code <PRI>} with 1 to 3 digits and a PRI of at most 191 (Flume accepts up to 999),
 * else it is Invalid: body the whole message, Facility and Severity 0. Otherwise Facility and
 * Severity come from PRI and the rest is matched against, in order:
 *
 * <pre>
 *   RFC 5424  &lt;PRI&gt;[version][ ](timestamp | -) (host | -) body
 *             &lt;165&gt;1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] msg
 *   RFC 3164  &lt;PRI&gt;[version][ ]Mmm dd HH:mm:ss host body
 *             &lt;34&gt;Oct 11 22:14:15 mymachine su: 'su root' failed
 * </pre>
 *
 * A match adds {@code priority}, {@code version} (when present), {@code timestamp} (epoch ms, when
 * it is a real date) and {@code host}, and the body is what follows the host field (the RFC 5424
 * structured data, if any, stays in it, as in Flume), prefixed per {@code keepFields}. A message
 * that matches neither keeps only Facility and Severity and its whole text as body. The body's bytes
 * are the client's bytes: nothing is decoded and re-encoded (Flume round-trips through the JVM's
 * default charset, which replaces invalid sequences). Every field is reset per message (Flume
 * carries {@code priority} and {@code version} over to the next message). Not thread-safe.
 */
final class SyslogParser implements SyslogMessageParser {
    private final KeepFields keep;
    private final ZoneId zone;
    private final LongSupplier clock;
    private final int[] end = new int[1];

    private String problem;
    // Messages from one sender repeat host and second; these skip re-parsing and re-allocating them.
    private String lastHost;
    private byte[] lastStampBytes;
    private String lastStamp;

    // Fields of the current match.
    private int versionFrom;
    private int versionTo;
    private int stampFrom;
    private int stampTo;
    private int hostFrom;
    private int hostTo;
    private int bodyFrom;
    private boolean rfc3164;

    SyslogParser(KeepFields keep, ZoneId zone, LongSupplier clock) {
        this.keep = keep;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public Event parse(byte[] msg, int len, boolean cut) {
        problem = null;
        int pri = SyslogBytes.priority(msg, len, end);
        if (pri < 0 || pri > SyslogHeaders.MAX_PRIORITY) {
            problem = pri < 0 ? "does not start with <PRI> (1 to 3 digits)" : "has priority " + pri + ", above 191";
            Event e = Event.of(SyslogBytes.copy(msg, 0, len));
            e.putHeader(SyslogHeaders.FACILITY, "0");
            e.putHeader(SyslogHeaders.SEVERITY, "0");
            e.putHeader(SyslogHeaders.STATUS, SyslogHeaders.INVALID);
            return e;
        }
        int afterPri = end[0];
        boolean matched = match5424(msg, afterPri, len) || match3164(msg, afterPri, len);
        Event e;
        if (!matched) {
            e = Event.of(SyslogBytes.copy(msg, 0, len));
            e.putHeader(SyslogHeaders.FACILITY, SyslogHeaders.decimal(pri / 8));
            e.putHeader(SyslogHeaders.SEVERITY, SyslogHeaders.decimal(pri % 8));
        } else {
            e = Event.of(body(msg, len));
            e.putHeader(SyslogHeaders.FACILITY, SyslogHeaders.decimal(pri / 8));
            e.putHeader(SyslogHeaders.SEVERITY, SyslogHeaders.decimal(pri % 8));
            e.putHeader(SyslogHeaders.PRIORITY, SyslogHeaders.decimal(pri));
            if (versionTo > versionFrom) {
                e.putHeader(SyslogHeaders.VERSION, SyslogHeaders.decimal(msg[versionFrom] - '0'));
            }
            if (stampFrom >= 0) {
                String ts = timestamp(msg, stampFrom, stampTo);
                if (ts != null) {
                    e.putHeader(SyslogHeaders.TIMESTAMP, ts);
                }
            }
            if (hostFrom >= 0) {
                lastHost = SyslogBytes.ascii(msg, hostFrom, hostTo, lastHost);
                e.putHeader(SyslogHeaders.HOST, lastHost);
            }
        }
        if (cut) {
            problem = "is longer than eventSize and was split";
            e.putHeader(SyslogHeaders.STATUS, SyslogHeaders.INCOMPLETE);
        }
        return e;
    }

    private String timestamp(byte[] msg, int from, int to) {
        if (SyslogBytes.same(msg, from, to, lastStampBytes)) {
            return lastStamp;
        }
        long millis = rfc3164 ? SyslogTimestamps.rfc3164(msg, from, to, zone, clock.getAsLong())
                : SyslogTimestamps.rfc5424(msg, from, to, zone);
        lastStampBytes = SyslogBytes.copy(msg, from, to);
        lastStamp = millis == SyslogTimestamps.NONE ? null : Long.toString(millis);
        return lastStamp;
    }

    private byte[] body(byte[] msg, int len) {
        if (keep.all()) {
            return SyslogBytes.copy(msg, 0, len);
        }
        if (!keep.prefixesSome()) {
            return bodyFrom < len ? SyslogBytes.copy(msg, bodyFrom, len) : SyslogBytes.copy(msg, 0, len);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 8);
        if (keep.priority()) {
            out.write(msg, 0, end[0]);
        }
        if (keep.version() && versionTo > versionFrom) {
            out.write(msg, versionFrom, versionTo - versionFrom);
            out.write(' ');
        }
        if (keep.timestamp()) {
            writeOrDash(out, msg, stampFrom, stampTo);
        }
        if (keep.hostname()) {
            writeOrDash(out, msg, hostFrom, hostTo);
        }
        out.write(msg, bodyFrom, len - bodyFrom);
        return out.size() > 0 ? out.toByteArray() : SyslogBytes.copy(msg, 0, len);
    }

    private static void writeOrDash(ByteArrayOutputStream out, byte[] msg, int from, int to) {
        if (from >= 0) {
            out.write(msg, from, to - from);
        } else {
            out.write('-');
        }
        out.write(' ');
    }

    /** {@code (\d?)\s?(stamp|-)\s(host|-)\s(.*)$}, trying the optional parts greedy-first like the regex. */
    private boolean match5424(byte[] a, int p, int len) {
        rfc3164 = false;
        boolean digit = p < len && isDigit(a[p]);
        for (int v = digit ? 1 : 0; v >= 0; v--) {
            int q = p + v;
            boolean space = q < len && isSpace(a[q]);
            for (int w = space ? 1 : 0; w >= 0; w--) {
                if (rest5424(a, q + w, len)) {
                    versionFrom = p;
                    versionTo = p + v;
                    return true;
                }
            }
        }
        return false;
    }

    private boolean rest5424(byte[] a, int p, int len) {
        int i = p;
        if (i < len && a[i] == '-') {
            stampFrom = -1;
            i++;
        } else {
            int stampEnd = stamp5424(a, i, len);
            if (stampEnd < 0) {
                return false;
            }
            stampFrom = i;
            stampTo = stampEnd;
            i = stampEnd;
        }
        if (i >= len || !isSpace(a[i])) {
            return false;
        }
        i++;
        if (i < len && a[i] == '-') {
            hostFrom = -1;
            i++;
        } else if (i < len && isWord(a[i])) {
            hostFrom = i;
            while (i < len && isHostChar(a[i])) {
                i++;
            }
            hostTo = i;
        } else {
            return false;
        }
        if (i >= len || !isSpace(a[i])) {
            return false;
        }
        i++;
        if (!SyslogBytes.isSingleLine(a, i, len)) {
            return false;
        }
        bodyFrom = i;
        return true;
    }

    /** End of {@code \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)?} at p, or -1. */
    private static int stamp5424(byte[] a, int p, int len) {
        if (len - p < 19) {
            return -1;
        }
        String shape = "dddd-dd-ddTdd:dd:dd";
        for (int k = 0; k < 19; k++) {
            char c = shape.charAt(k);
            byte b = a[p + k];
            if (c == 'd' ? !isDigit(b) : b != c) {
                return -1;
            }
        }
        int i = p + 19;
        if (i + 1 < len && a[i] == '.' && isDigit(a[i + 1])) {
            int j = i + 1;
            while (j < len && j < i + 7 && isDigit(a[j])) {
                j++;
            }
            i = j;
        }
        if (i < len && a[i] == 'Z') {
            return i + 1;
        }
        if (i + 5 < len && (a[i] == '+' || a[i] == '-') && isDigit(a[i + 1]) && isDigit(a[i + 2]) && a[i + 3] == ':'
                && isDigit(a[i + 4]) && isDigit(a[i + 5])) {
            return i + 6;
        }
        return i;
    }

    /** {@code (\d)?\s?([A-Z][a-z][a-z]\s{1,2}\d{1,2}\s\d{2}:\d{2}:\d{2})\s([\w][\w\d.@-]*)\s(.*)$}. */
    private boolean match3164(byte[] a, int p, int len) {
        rfc3164 = true;
        int i = p;
        versionFrom = i;
        if (i < len && isDigit(a[i])) {
            i++;
        }
        versionTo = i;
        if (i < len && isSpace(a[i])) {
            i++;
        }
        if (len - i < 15 || !(a[i] >= 'A' && a[i] <= 'Z') || !(a[i + 1] >= 'a' && a[i + 1] <= 'z')
                || !(a[i + 2] >= 'a' && a[i + 2] <= 'z')) {
            return false;
        }
        stampFrom = i;
        i += 3;
        if (!isSpace(a[i])) {
            return false;
        }
        i++;
        if (isSpace(a[i])) {
            i++;
        }
        int d = 0;
        while (d < 2 && i < len && isDigit(a[i])) {
            i++;
            d++;
        }
        if (d == 0 || len - i < 9 || !isSpace(a[i]) || !isDigit(a[i + 1]) || !isDigit(a[i + 2]) || a[i + 3] != ':'
                || !isDigit(a[i + 4]) || !isDigit(a[i + 5]) || a[i + 6] != ':' || !isDigit(a[i + 7])
                || !isDigit(a[i + 8])) {
            return false;
        }
        i += 9;
        stampTo = i;
        if (i >= len || !isSpace(a[i])) {
            return false;
        }
        i++;
        if (i >= len || !isWord(a[i])) {
            return false;
        }
        hostFrom = i;
        while (i < len && isHostChar(a[i])) {
            i++;
        }
        hostTo = i;
        if (i >= len || !isSpace(a[i])) {
            return false;
        }
        i++;
        if (!SyslogBytes.isSingleLine(a, i, len)) {
            return false;
        }
        bodyFrom = i;
        return true;
    }
}
