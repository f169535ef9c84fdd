package io.sluice.sources.net.syslog;

import io.sluice.api.Event;
import io.sluice.api.util.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The message grammar of Flume's {@code multiport_syslogtcp} (its {@code SyslogParser}, spec §4.8),
 * which differs from {@link SyslogParser} in header names and in being a scanner rather than two
 * patterns:
 *
 * <pre>
 *   &lt;PRI&gt; ["1 "] timestamp SP host SP body
 *   timestamp:  "-" (now) | "Mmm dd HH:mm:ss" (15 chars, UTC) | RFC 5424 token up to the next space (UTC unless zoned)
 * </pre>
 *
 * Headers: {@code Priority}, {@code Facility}, {@code Severity}, {@code Version} ("1" when present),
 * {@code timestamp}, {@code host}. A message that does not follow the grammar, or whose bytes are not
 * valid in the port's charset, keeps its whole bytes as body and gets only
 * {@code flume.syslog.status = Invalid}. An RFC 3164 date that cannot be read gives timestamp 0, as in
 * Flume. Bodies keep the client's bytes. Not thread-safe.
 */
final class MultiportSyslogParser implements SyslogMessageParser {
    private static final int RFC3164_LENGTH = 15;

    private final KeepFields keep;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final LongSupplier clock;
    private final int[] end = new int[1];
    private String problem;
    private String lastHost;
    private byte[] lastStampBytes;
    private String lastStamp;

    MultiportSyslogParser(KeepFields keep, Charset charset, LongSupplier clock) {
        this.keep = keep;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.clock = clock;
    }

    @Override
    public String lastProblem() {
        return problem;
    }

    @Override
    public Event parse(byte[] msg, int len, boolean cut) {
        problem = null;
        Event e = len == 0 || !decodable(msg, len) ? null : tryParse(msg, len);
        if (e == null) {
            if (problem == null) {
                problem = "is not valid " + charset.name();
            }
            e = Event.of(SyslogBytes.copy(msg, 0, len));
            e.putHeader(SyslogHeaders.STATUS, SyslogHeaders.INVALID);
            return e;
        }
        if (cut) {
            problem = "is longer than eventSize and was split";
            e.putHeader(SyslogHeaders.STATUS, SyslogHeaders.INCOMPLETE);
        }
        return e;
    }

    private Event tryParse(byte[] a, int len) {
        int pri = SyslogBytes.priority(a, len, end);
        if (pri < 0 || pri > SyslogHeaders.MAX_PRIORITY) {
            problem = pri < 0 ? "does not start with <PRI> (1 to 3 digits)" : "has priority " + pri + ", above 191";
            return null;
        }
        int p = end[0];
        if (p >= len) {
            problem = "has nothing after its priority";
            return null;
        }
        int versionFrom = -1;
        if (len > p + 2 && a[p] == '1' && a[p + 1] == ' ') {
            versionFrom = p;
            p += 2;
        }
        int stampFrom = p;
        int stampTo;
        long ts;
        byte first = a[p];
        if (first == '-') {
            if (len <= p + 2) {
                problem = "has no host name";
                return null;
            }
            ts = clock.getAsLong();
            stampTo = p + 1;
            p += 2;
        } else if (first >= 'A' && first <= 'Z') {
            if (len <= p + RFC3164_LENGTH) {
                problem = "has a short RFC 3164 timestamp";
                return null;
            }
            stampTo = p + RFC3164_LENGTH;
            ts = cachedStamp(a, p, stampTo, true);
            if (ts == SyslogTimestamps.NONE) {
                ts = 0;
            }
            p = stampTo + 1;
        } else {
            int space = indexOf(a, p, len, (byte) ' ');
            if (space < 0) {
                problem = "has no space after its timestamp";
                return null;
            }
            stampTo = space;
            ts = cachedStamp(a, p, stampTo, false);
            if (ts == SyslogTimestamps.NONE) {
                problem = "has an unreadable timestamp";
                return null;
            }
            p = space + 1;
        }
        int space = indexOf(a, p, len, (byte) ' ');
        if (space < 0) {
            problem = "has no host name";
            return null;
        }
        String host = host(a, p, space);
        byte[] body;
        if (len > space + 1 && !keep.all()) {
            body = body(a, len, versionFrom, stampFrom, stampTo, p, space, space + 1);
        } else {
            body = SyslogBytes.copy(a, 0, len);
        }
        Event e = Event.of(body);
        e.putHeader(SyslogHeaders.PRIORITY_MULTIPORT, SyslogHeaders.decimal(pri));
        e.putHeader(SyslogHeaders.FACILITY, SyslogHeaders.decimal(pri / 8));
        e.putHeader(SyslogHeaders.SEVERITY, SyslogHeaders.decimal(pri % 8));
        if (versionFrom >= 0) {
            e.putHeader(SyslogHeaders.VERSION_MULTIPORT, "1");
        }
        e.putHeader(SyslogHeaders.TIMESTAMP, first == '-' ? Long.toString(ts) : lastStamp);
        e.putHeader(SyslogHeaders.HOST, host);
        return e;
    }

    private long cachedStamp(byte[] a, int from, int to, boolean rfc3164) {
        if (SyslogBytes.same(a, from, to, lastStampBytes)) {
            return lastStamp == null ? SyslogTimestamps.NONE : Long.parseLong(lastStamp);
        }
        long ts = rfc3164 ? SyslogTimestamps.multiportRfc3164(a, from, to, clock.getAsLong())
                : SyslogTimestamps.multiportRfc5424(a, from, to);
        lastStampBytes = SyslogBytes.copy(a, from, to);
        lastStamp = ts == SyslogTimestamps.NONE ? (rfc3164 ? "0" : null) : Long.toString(ts);
        return ts;
    }

    private byte[] body(byte[] a, int len, int versionFrom, int stampFrom, int stampTo, int hostFrom, int hostTo,
                        int bodyFrom) {
        if (!keep.prefixesSome()) {
            return SyslogBytes.copy(a, bodyFrom, len);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 8);
        if (keep.priority()) {
            out.write(a, 0, end[0]);
        }
        if (keep.version() && versionFrom >= 0) {
            out.write(a, versionFrom, 2);
        }
        if (keep.timestamp()) {
            out.write(a, stampFrom, stampTo - stampFrom);
            out.write(' ');
        }
        if (keep.hostname()) {
            out.write(a, hostFrom, hostTo - hostFrom);
            out.write(' ');
        }
        out.write(a, bodyFrom, len - bodyFrom);
        return out.toByteArray();
    }

    private String host(byte[] a, int from, int to) {
        if (Utf8.firstNonAscii(a, from, to) == to) {
            lastHost = SyslogBytes.ascii(a, from, to, lastHost);
            return lastHost;
        }
        return new String(a, from, to - from, charset);
    }

    private boolean decodable(byte[] a, int len) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return Utf8.isWellFormed(a, 0, len);
        }
        if ((charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.ISO_8859_1))
                && Utf8.firstNonAscii(a, 0, len) == len) {
            return true;
        }
        try {
            decoder.reset().decode(ByteBuffer.wrap(a, 0, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
