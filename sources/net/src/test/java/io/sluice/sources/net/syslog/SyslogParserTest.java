package io.sluice.sources.net.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.api.Event;
import io.sluice.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The syslogtcp / syslogudp grammar: every header and body byte Flume's SyslogUtils would produce. */
class SyslogParserTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final long NOW = LocalDateTime.of(2024, 6, 15, 12, 0).atZone(ZONE).toInstant().toEpochMilli();

    private static Event parse(String msg) {
        return parse(msg, KeepFields.NONE, false);
    }

    private static Event parse(String msg, KeepFields keep, boolean cut) {
        byte[] b = msg.getBytes(StandardCharsets.UTF_8);
        return new SyslogParser(keep, ZONE, () -> NOW).parse(b, b.length, cut);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String millis(String isoInstant) {
        return String.valueOf(java.time.Instant.parse(isoInstant).toEpochMilli());
    }

    @Test
    void rfc5424WithStructuredDataKeepsItInTheBody() {
        Event e = parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event");
        assertEquals(headers("Facility", "20", "Severity", "5", "priority", "165", "version", "1",
                "timestamp", millis("2003-10-11T22:14:15.003Z"), "host", "mymachine.example.com"), e.headers());
        assertEquals("evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event",
                TestEvents.body(e));
    }

    @Test
    void rfc5424WithoutStructuredDataAndWithAnOffset() {
        Event e = parse("<34>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
        assertEquals(headers("Facility", "4", "Severity", "2", "priority", "34", "version", "1",
                "timestamp", millis("2003-08-24T12:14:15Z"), "host", "192.0.2.1"), e.headers());
        assertEquals("myproc 8710 - - %% It's time to make the do-nuts.", TestEvents.body(e));
    }

    @Test
    void fractionsAreScaledAndAMissingZoneMeansLocalTime() {
        Event e = parse("<13>1 2024-01-02T03:04:05.5 host app - - x");
        long expected = LocalDateTime.of(2024, 1, 2, 3, 4, 5).atZone(ZONE).toInstant().toEpochMilli() + 500;
        assertEquals(String.valueOf(expected), e.header("timestamp"));
    }

    @Test
    void nilTimestampAndNilHostGiveNoSuchHeaders() {
        Event e = parse("<14>1 - - app - - hello");
        assertEquals(headers("Facility", "1", "Severity", "6", "priority", "14", "version", "1"), e.headers());
        assertEquals("app - - hello", TestEvents.body(e));
    }

    @Test
    void rfc3164PicksTheYearThatKeepsTheDateWithinElevenMonthsBeforeAndOneAfterNow() {
        Event e = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
        long oct2023 = LocalDateTime.of(2023, 10, 11, 22, 14, 15).atZone(ZONE).toInstant().toEpochMilli();
        assertEquals(headers("Facility", "4", "Severity", "2", "priority", "34", "timestamp", String.valueOf(oct2023),
                "host", "mymachine"), e.headers());
        assertEquals("su: 'su root' failed for lonvick on /dev/pts/8", TestEvents.body(e));
        long jul2024 = LocalDateTime.of(2024, 7, 1, 1, 2, 3).atZone(ZONE).toInstant().toEpochMilli();
        assertEquals(String.valueOf(jul2024), parse("<13>Jul  1 01:02:03 h m").header("timestamp"));
    }

    @Test
    void aPriorityAbove191OrMalformedIsInvalidWithTheRawMessageAsBody() {
        for (String msg : new String[] {"<999>1 - h a - - x", "no priority at all", "<>x", "<1234>x", "<12a>x"}) {
            Event e = parse(msg);
            assertEquals(headers("Facility", "0", "Severity", "0", "flume.syslog.status", "Invalid"), e.headers(), msg);
            assertEquals(msg, TestEvents.body(e), msg);
        }
    }

    @Test
    void aMessageMatchingNeitherPatternKeepsFacilityAndSeverityAndItsWholeText() {
        for (String msg : new String[] {"<13>just text", "<13>1 2024-01-02T03:04:05Z host msg\r", "<13>Oct 11 22:14:15"}) {
            Event e = parse(msg);
            assertEquals(headers("Facility", "1", "Severity", "5"), e.headers(), msg);
            assertEquals(msg, TestEvents.body(e));
        }
    }

    @Test
    void aCutMessageIsParsedAndMarkedIncomplete() {
        Event e = parse("<13>1 - host app - - begin", KeepFields.NONE, true);
        assertEquals("Incomplete", e.header("flume.syslog.status"));
        assertEquals("host", e.header("host"));
        assertEquals("app - - begin", TestEvents.body(e));
    }

    @Test
    void keepFieldsPrefixesTheChosenFieldsInFlumesOrder() {
        String msg = "<13>1 2024-01-02T03:04:05Z host app - - hi";
        assertEquals(msg, TestEvents.body(parse(msg, KeepFields.parse("all"), false)));
        assertEquals(msg, TestEvents.body(parse(msg, KeepFields.parse("true"), false)));
        assertEquals("<13>1 2024-01-02T03:04:05Z host app - - hi",
                TestEvents.body(parse(msg, KeepFields.parse("hostname priority timestamp version"), false)));
        assertEquals("host app - - hi", TestEvents.body(parse(msg, KeepFields.parse("hostname"), false)));
        assertEquals("app - - hi", TestEvents.body(parse(msg, KeepFields.parse("false"), false)));
    }

    @Test
    void fieldsDoNotLeakFromOneMessageToTheNext() {
        SyslogParser p = new SyslogParser(KeepFields.NONE, ZONE, () -> NOW);
        byte[] first = "<165>1 2003-10-11T22:14:15Z h a - - x".getBytes(StandardCharsets.UTF_8);
        byte[] second = "<13>nothing".getBytes(StandardCharsets.UTF_8);
        assertNotNull(p.parse(first, first.length, false).header("version"));
        Event e = p.parse(second, second.length, false);
        assertNull(e.header("priority"));
        assertNull(e.header("version"));
        assertNull(e.header("timestamp"));
    }

    @Test
    void nonUtf8BodyBytesArePassedThroughUntouched() {
        byte[] msg = {'<', '1', '3', '>', 'J', 'a', 'n', ' ', '1', '0', ' ', '0', '1', ':', '0', '2', ':', '0', '3',
            ' ', 'h', ' ', (byte) 0xFF, (byte) 0xC3, 'x'};
        Event e = new SyslogParser(KeepFields.NONE, ZONE, () -> NOW).parse(msg, msg.length, false);
        assertEquals("h", e.header("host"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xC3, 'x'}, e.body());
    }

    @Test
    void timestampsWithImpossibleDatesAreLeftOut() {
        assertNull(parse("<13>1 2024-13-40T03:04:05Z host app").header("timestamp"));
        assertEquals("host", parse("<13>1 2024-13-40T03:04:05Z host app").header("host"));
        assertEquals(String.valueOf(LocalDateTime.of(2024, 1, 2, 3, 4, 5).toEpochSecond(ZoneOffset.ofHours(2)) * 1000),
                parse("<13>1 2024-01-02T03:04:05+02:00 host app").header("timestamp"));
    }
}
