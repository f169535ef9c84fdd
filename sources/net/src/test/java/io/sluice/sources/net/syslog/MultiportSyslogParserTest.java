package io.sluice.sources.net.syslog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.testkit.TestEvents;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** multiport_syslogtcp's grammar and header names (Flume's SyslogParser). */
class MultiportSyslogParserTest {
    private static final long NOW = Instant.parse("2024-06-15T12:00:00Z").toEpochMilli();

    private static Event parse(String msg, Charset cs) {
        byte[] b = msg.getBytes(cs);
        return new MultiportSyslogParser(KeepFields.NONE, cs, () -> NOW).parse(b, b.length, false);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void rfc5424GetsCapitalisedPriorityAndVersion() {
        Event e = parse("<34>1 2003-10-11T22:14:15.003Z mymachine su - - [sd x=\"1\"] failed", StandardCharsets.UTF_8);
        assertEquals(headers("Priority", "34", "Facility", "4", "Severity", "2", "Version", "1",
                "timestamp", String.valueOf(Instant.parse("2003-10-11T22:14:15.003Z").toEpochMilli()),
                "host", "mymachine"), e.headers());
        assertEquals("su - - [sd x=\"1\"] failed", TestEvents.body(e));
    }

    @Test
    void rfc3164IsReadAsUtcAndANilTimestampIsNow() {
        Event e = parse("<13>Jun  1 10:00:00 web1 app: up", StandardCharsets.UTF_8);
        assertEquals(String.valueOf(Instant.parse("2024-06-01T10:00:00Z").toEpochMilli()), e.header("timestamp"));
        assertEquals("web1", e.header("host"));
        assertEquals("app: up", TestEvents.body(e));
        assertEquals(String.valueOf(NOW), parse("<13>1 - web1 app", StandardCharsets.UTF_8).header("timestamp"));
    }

    @Test
    void parseFailuresKeepTheWholeLineWithOnlyTheInvalidStatus() {
        for (String msg : new String[] {"<999>1 - h x", "<13>", "<13>1 2024-01-02T03:04:05 h x", "<13>- nohost",
            "plain"}) {
            Event e = parse(msg, StandardCharsets.UTF_8);
            assertEquals(headers("flume.syslog.status", "Invalid"), e.headers(), msg);
            assertEquals(msg, TestEvents.body(e), msg);
        }
    }

    @Test
    void bytesInvalidInThePortsCharsetAreDeliveredRawAndInvalid() {
        byte[] msg = {'<', '1', '3', '>', '-', ' ', 'h', ' ', (byte) 0xC3, (byte) 0x28};
        Event e = new MultiportSyslogParser(KeepFields.NONE, StandardCharsets.UTF_8, () -> NOW).parse(msg, msg.length,
                false);
        assertEquals(headers("flume.syslog.status", "Invalid"), e.headers());
        assertArrayEquals(msg, e.body());
        Event latin = new MultiportSyslogParser(KeepFields.NONE, StandardCharsets.ISO_8859_1, () -> NOW)
                .parse(msg, msg.length, false);
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0x28}, latin.body());
    }
}
