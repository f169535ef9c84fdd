package io.sluice.runtime.interceptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Each interceptor's documented behaviour (spec §9), including preserveExisting and the Sluice corrections. */
class InterceptorsTest {

    private static Interceptor build(ComponentSpec<InterceptorContext, Interceptor> spec, Map<String, String> conf)
            throws Exception {
        return spec.create(new InterceptorContext("r1", "i1", Specs.settings(spec, conf)));
    }

    private static Event event(String body, String... headers) {
        Event e = Event.ofString(body);
        for (int i = 0; i < headers.length; i += 2) {
            e.putHeader(headers[i], headers[i + 1]);
        }
        return e;
    }

    private static List<Event> run(Interceptor i, Event... events) {
        return i.intercept(new ArrayList<>(List.of(events)));
    }

    @Test
    void timestampSetsCurrentMillisAndOverwritesUnlessPreserveExisting() throws Exception {
        long before = System.currentTimeMillis();
        Event fresh = run(build(TimestampInterceptor.SPEC, Map.of()), event("a", "timestamp", "1")).get(0);
        long stamped = Long.parseLong(fresh.header("timestamp"));
        assertTrue(stamped >= before && stamped <= System.currentTimeMillis(), fresh.headers().toString());

        Event kept = run(build(TimestampInterceptor.SPEC, Map.of("preserveExisting", "true", "headerName", "ts")),
                event("a", "ts", "1")).get(0);
        assertEquals("1", kept.header("ts"));
    }

    @Test
    void hostSetsTheLocalAddressOrNameAndRespectsPreserveExisting() throws Exception {
        InetAddress local = InetAddress.getLocalHost();
        assertEquals(local.getHostAddress(), run(build(HostInterceptor.SPEC, Map.of()), event("a")).get(0).header("host"));
        assertEquals(local.getCanonicalHostName(), run(build(HostInterceptor.SPEC,
                Map.of("useIP", "false", "hostHeader", "h")), event("a")).get(0).header("h"));
        assertEquals("mine", run(build(HostInterceptor.SPEC, Map.of("preserveExisting", "true")),
                event("a", "host", "mine")).get(0).header("host"));
        assertEquals(local.getHostAddress(), run(build(HostInterceptor.SPEC, Map.of()),
                event("a", "host", "mine")).get(0).header("host"));
    }

    @Test
    void staticSetsOneHeaderAndByDefaultPreservesAnExistingOne() throws Exception {
        assertEquals("value", run(build(StaticInterceptor.SPEC, Map.of()), event("a")).get(0).header("key"));
        Interceptor dc = build(StaticInterceptor.SPEC, Map.of("key", "datacenter", "value", "NYC_01"));
        assertEquals("NYC_01", run(dc, event("a")).get(0).header("datacenter"));
        assertEquals("LON", run(dc, event("a", "datacenter", "LON")).get(0).header("datacenter"));
        Interceptor overwrite = build(StaticInterceptor.SPEC, Map.of("key", "datacenter", "value", "NYC_01",
                "preserveExisting", "false"));
        assertEquals("NYC_01", run(overwrite, event("a", "datacenter", "LON")).get(0).header("datacenter"));
    }

    @Test
    void removeHeaderRemovesByNameByListAndByWholeNameRegex() throws Exception {
        Interceptor i = build(RemoveHeaderInterceptor.SPEC, Map.of("withName", "a", "fromList", "b , c",
                "matching", "tmp_.*"));
        Event e = run(i, event("x", "a", "1", "b", "2", "c", "3", "tmp_x", "4", "xtmp_y", "5", "keep", "6")).get(0);
        assertEquals(Map.of("xtmp_y", "5", "keep", "6"), e.headers());
        Event untouched = run(build(RemoveHeaderInterceptor.SPEC, Map.of()), event("x", "a", "1")).get(0);
        assertEquals(Map.of("a", "1"), untouched.headers());
        Event custom = run(build(RemoveHeaderInterceptor.SPEC, Map.of("fromList", "a:b", "fromListSeparator", ":")),
                event("x", "a", "1", "b", "2", "c", "3")).get(0);
        assertEquals(Map.of("c", "3"), custom.headers());
    }

    @Test
    void uuidSetsARandomV4IdWithPrefixAndKeepsAnExistingOneByDefault() throws Exception {
        Interceptor i = build(UuidInterceptor.SPEC, Map.of("prefix", "host1-"));
        List<Event> out = run(i, event("a"), event("b"), event("c", "id", "given"));
        String id = out.get(0).header("id");
        assertTrue(id.matches("host1-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertFalse(id.equals(out.get(1).header("id")));
        assertEquals("given", out.get(2).header("id"));
        assertFalse("given".equals(run(build(UuidInterceptor.SPEC, Map.of("preserveExisting", "false")),
                event("c", "id", "given")).get(0).header("id")));
    }

    @Test
    void searchReplaceReplacesEveryMatchWithGroupReferences() throws Exception {
        Interceptor i = build(SearchReplaceInterceptor.SPEC, Map.of("searchPattern", "(\\w+)@(\\w+)",
                "replaceString", "$2 at ${x}".replace("${x}", "$1")));
        assertEquals("b at a and d at c", TestEvents.body(run(i, event("a@b and c@d")).get(0)));
        Interceptor delete = build(SearchReplaceInterceptor.SPEC, Map.of("searchPattern", "^\\[\\w+\\]\\s"));
        assertEquals("msg", TestEvents.body(run(delete, event("[INFO] msg")).get(0)));
    }

    @Test
    void searchReplaceLeavesBodyBytesUntouchedWhenNothingMatches() throws Exception {
        byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0x00, 'x'};
        Event e = Event.of(binary);
        run(build(SearchReplaceInterceptor.SPEC, Map.of("searchPattern", "nomatch")), e);
        assertTrue(java.util.Arrays.equals(binary, e.body()), "Flume would re-encode and corrupt these bytes");
    }

    @Test
    void searchReplaceRefusesAReplacementNamingAGroupThePatternLacks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(SearchReplaceInterceptor.SPEC,
                Map.of("searchPattern", "(a)", "replaceString", "$2")));
        assertTrue(e.getMessage().contains("replaceString"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> build(SearchReplaceInterceptor.SPEC,
                Map.of("searchPattern", "[unclosed")));
    }

    @Test
    void regexFilterKeepsOrDropsMatchingEvents() throws Exception {
        Interceptor keep = build(RegexFilterInterceptor.SPEC, Map.of("regex", "ERROR"));
        assertEquals(List.of("an ERROR here"), TestEvents.bodies(run(keep, event("fine"), event("an ERROR here"))));
        Interceptor drop = build(RegexFilterInterceptor.SPEC, Map.of("regex", "DEBUG", "excludeEvents", "true"));
        assertEquals(List.of("INFO x"), TestEvents.bodies(run(drop, event("DEBUG x"), event("INFO x"))));
        assertEquals(2, run(build(RegexFilterInterceptor.SPEC, Map.of()), event("a"), event("b")).size());
    }

    @Test
    void regexFilterReadsBodiesAsUtf8() throws Exception {
        Interceptor keep = build(RegexFilterInterceptor.SPEC, Map.of("regex", "café"));
        assertEquals(1, run(keep, Event.of("un café".getBytes(StandardCharsets.UTF_8))).size());
    }

    @Test
    void regexExtractorCopiesGroupsToHeadersAndConvertsDatesToMillis() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        try {
            Interceptor i = build(RegexExtractorInterceptor.SPEC, Map.of(
                    "regex", "^(\\d\\d\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d) (\\w+)(?: (\\d+))?",
                    "serializers", "s1 s2 s3",
                    "serializers.s1.type", "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer",
                    "serializers.s1.name", "timestamp",
                    "serializers.s1.pattern", "yyyy-MM-dd HH:mm",
                    "serializers.s1.timeZone", "America/Los_Angeles",
                    "serializers.s2.name", "level",
                    "serializers.s2.type", "default",
                    "serializers.s3.name", "code"));
            Event e = run(i, event("2012-10-18 18:47 WARN disk"), event("no match", "level", "x")).get(0);
            assertEquals("1350611220000", e.header("timestamp"), "the guide's example, in a UTC-7 zone");
            assertEquals("WARN", e.header("level"));
            assertNull(e.header("code"), "a group that did not take part in the match sets no header");
            assertEquals("x", run(i, event("no match", "level", "x")).get(0).header("level"));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void regexExtractorLeavesAHeaderUnsetWhenItsValueCannotBeConvertedInsteadOfFailingTheBatch() throws Exception {
        RegexExtractorInterceptor i = (RegexExtractorInterceptor) build(RegexExtractorInterceptor.SPEC, Map.of(
                "regex", "^(\\S+) (\\S+)", "serializers", "t l",
                "serializers.t.type", "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer",
                "serializers.t.name", "timestamp", "serializers.t.pattern", "yyyy-MM-dd",
                "serializers.l.name", "level"));
        List<Event> out = run(i, event("not-a-date INFO"), event("2020-01-01 WARN"));
        assertEquals(2, out.size());
        assertNull(out.get(0).header("timestamp"));
        assertEquals("INFO", out.get(0).header("level"));
        assertTrue(out.get(1).header("timestamp") != null);
        assertEquals(1, i.conversionFailures());
    }

    @Test
    void regexExtractorRefusesASerializerWithoutNameOrWithABadPattern() {
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class, () -> build(
                RegexExtractorInterceptor.SPEC, Map.of("regex", "(a)", "serializers", "s1")));
        assertTrue(noName.getMessage().contains("serializers.s1.name"), noName.getMessage());
        IllegalArgumentException badPattern = assertThrows(IllegalArgumentException.class, () -> build(
                RegexExtractorInterceptor.SPEC, Map.of("regex", "(a)", "serializers", "s1", "serializers.s1.name", "t",
                        "serializers.s1.type", "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer",
                        "serializers.s1.pattern", "yyyy-bb")));
        assertTrue(badPattern.getMessage().contains("serializers.s1.pattern"), badPattern.getMessage());
    }
}
