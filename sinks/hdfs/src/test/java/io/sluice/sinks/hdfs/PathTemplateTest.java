package io.sluice.sinks.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalHost HOST = new LocalHost("box", "10.1.2.3", "box.example.com");
    /** 2005-03-03 23:05:25.123 UTC, a Thursday. */
    private static final long T = ZonedDateTime.of(2005, 3, 3, 23, 5, 25, 123_000_000, UTC).toInstant().toEpochMilli();

    private static String resolve(String template, Rounding rounding, Event e) {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
        try {
            return PathTemplate.parse(template, rounding, UTC, HOST).resolve(e, T).text();
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "%Y-%m-%d/%H:%M:%S|2005-03-03/23:05:25",
            "%y %n %e %k %I %l %p|05 3 3 23 11 11 PM",
            "%a %A %b %B|Thu Thursday Mar March",
            "%c|Thu Mar 3 23:05:25 2005",
            "%D|03/03/05",
            "%j|062",
            "%s|1109891125",
            "%t|1109891125123",
            "%z|+0000",
            "100%%|100%",
            "a%qb|ab",
            "%[localhost]/%[IP]/%[ipaddress]/%[FQDN]|box/10.1.2.3/10.1.2.3/box.example.com",
            "%{app}-%{missing}|web-"})
    void escapesResolveAsFlumesBucketPathDoes(String template, String expected) {
        assertEquals(expected, resolve(template, Rounding.NONE, Event.of(Map.of("app", "web"), new byte[0])));
    }

    @Test
    void roundingTruncatesToMultiplesWithinTheNextLargerUnitButNotPercentT() {
        Event e = Event.of(new byte[0]);
        assertEquals("23:00:00", resolve("%H:%M:%S", Rounding.of(true, "minute", 10), e));
        assertEquals("23:05:20", resolve("%H:%M:%S", Rounding.of(true, "second", 10), e));
        assertEquals("21:00:00", resolve("%H:%M:%S", Rounding.of(true, "hour", 7), e));
        assertEquals("1109891125123", resolve("%t", Rounding.of(true, "hour", 1), e));
        assertEquals("1109890800", resolve("%s", Rounding.of(true, "hour", 1), e));
    }

    @Test
    void headerValuesThatCouldLeaveTheDirectoryAreReportedNotUsed() {
        PathTemplate t = PathTemplate.parse("/data/%{topic}/x", Rounding.NONE, UTC, HOST);
        for (String bad : new String[] {"..", ".", "a/b", "../../etc", "a\\b"}) {
            PathTemplate.Resolved r = t.resolve(Event.of(Map.of("topic", bad), new byte[0]), T);
            assertFalse(r.ok(), bad);
            assertEquals("topic", r.badHeader());
            assertEquals(bad, r.badValue());
        }
        assertEquals("/data/a..b/x", t.resolve(Event.of(Map.of("topic", "a..b"), new byte[0]), T).text());
    }

    @Test
    void unknownStaticEscapesAreRefusedAtParse() {
        assertNotNull(PathTemplate.problem("/data/%[hostname]"));
        assertNull(PathTemplate.problem("/data/%[IP]/%{a.b-c}/%Y"));
    }

    @Test
    void staticPrefixAndRegexDescribeWhatTheTemplateCanProduce() {
        PathTemplate t = PathTemplate.parse("/data/%{topic}/%Y", Rounding.NONE, UTC, HOST);
        assertFalse(t.isStatic());
        assertTrue(t.needsTime());
        assertEquals("/data/", t.staticPrefix());
        assertTrue("/data/web/2005".matches(t.regex()));
        PathTemplate s = PathTemplate.parse("/data/100%%", Rounding.NONE, UTC, HOST);
        assertTrue(s.isStatic());
        assertFalse(s.needsTime());
        assertEquals("/data/100%", s.staticPrefix());
    }
}
