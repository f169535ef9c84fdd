package io.sluice.sources.net.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.testkit.TestEvents;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flume's JSON event format: what becomes headers and body bytes, and what is refused with 400. */
class JsonHandlerTest {
    private static List<Event> parse(String json, String contentType, Charset cs) throws HttpBadRequestException {
        return new JsonHandler(Map.of()).getEvents(HttpSourceRequest.of("POST", "/",
                contentType == null ? Map.of() : Map.of("Content-Type", contentType), json.getBytes(cs)));
    }

    private static List<Event> parse(String json) throws HttpBadRequestException {
        return parse(json, "application/json", StandardCharsets.UTF_8);
    }

    private static String refusal(String json) {
        return assertThrows(HttpBadRequestException.class, () -> parse(json)).getMessage();
    }

    @Test
    void flumesFormatGivesHeadersAndBodyInOrder() throws Exception {
        List<Event> events = parse("[{\"headers\":{\"a\":\"1\",\"b\":\"x y\"},\"body\":\"first\"},"
                + " {\"body\": \"second\"} , {\"headers\": {}}]");
        assertEquals(3, events.size());
        assertEquals(Map.of("a", "1", "b", "x y"), events.get(0).headers());
        assertEquals("first", TestEvents.body(events.get(0)));
        assertEquals(Map.of(), events.get(1).headers());
        assertEquals("second", TestEvents.body(events.get(1)));
        assertEquals(0, events.get(2).body().length);
    }

    @Test
    void numbersAndBooleansAreKeptAsWrittenAndUnknownMembersSkipped() throws Exception {
        Event e = parse("[{\"x\":{\"deep\":[1,{\"y\":null}]},\"headers\":{\"n\":-1.50e3,\"t\":true},\"body\":42,"
                + "\"z\":[]}]").get(0);
        assertEquals(Map.of("n", "-1.50e3", "t", "true"), e.headers());
        assertEquals("42", TestEvents.body(e));
        assertEquals(0, parse("[{\"body\":null,\"headers\":null}]").get(0).body().length);
        assertEquals(List.of(), parse(" [ ] "));
    }

    @Test
    void escapesAndUnicodeBecomeUtf8Bytes() throws Exception {
        Event e = parse("[{\"headers\":{\"k\\u00e9\":\"v\\n\"},\"body\":\"caf\\u00e9 \\\"q\\\" \\ud83d\\ude00 ü\"}]").get(0);
        assertEquals("v\n", e.header("ké"));
        assertEquals("café \"q\" 😀 ü", TestEvents.body(e));
        assertArrayEquals("?".getBytes(StandardCharsets.UTF_8), parse("[{\"body\":\"\\ud800\"}]").get(0).body(),
                "an unpaired surrogate is encoded as Java encodes it");
    }

    @Test
    void bodiesAreEncodedInTheRequestCharset() throws Exception {
        String json = "[{\"body\":\"hé\"}]";
        Event utf16 = parse(json, "application/json; charset=UTF-16", StandardCharsets.UTF_16).get(0);
        assertArrayEquals("hé".getBytes(StandardCharsets.UTF_16), utf16.body());
        Event utf32 = parse(json, "application/json;charset=\"utf-32\"", Charset.forName("UTF-32")).get(0);
        assertArrayEquals("hé".getBytes(Charset.forName("UTF-32")), utf32.body());
        Event form = parse(json, "application/x-www-form-urlencoded", StandardCharsets.UTF_8).get(0);
        assertEquals("hé", TestEvents.body(form));
    }

    @Test
    void malformedInputIsRefusedWithWhereAndWhat() {
        assertEquals("the request body is empty; expected a JSON array of events", refusal(""));
        assertTrue(refusal("null").contains("JSON null"));
        assertEquals("malformed JSON at byte 0: expected a JSON array of events, found '{'", refusal("{\"body\":\"x\"}"));
        assertTrue(refusal("[{\"body\":\"x\"}").contains("the body ended"), refusal("[{\"body\":\"x\"}"));
        assertTrue(refusal("[{\"body\":\"x\"}] x").contains("nothing after the array"));
        assertTrue(refusal("[{\"headers\":{\"a\":{}}}]").contains("not an object or array"));
        assertTrue(refusal("[{\"headers\":{\"a\":null}}]").contains("not null"));
        assertTrue(refusal("[null]").contains("event object"));
        assertTrue(refusal("[{\"body\":\"a\tb\"}]").contains("control character"));
        assertTrue(refusal("[{'body':'x'}]").contains("a string"));
        assertTrue(refusal("[{\"body\":01}]").contains("malformed JSON"));
    }

    @Test
    void invalidBytesAndUnsupportedCharsetsAreRefused() {
        HttpSourceRequest bad = HttpSourceRequest.of("POST", "/", Map.of(),
                new byte[] {'[', '{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']'});
        assertEquals("the request body is not valid UTF-8",
                assertThrows(HttpBadRequestException.class, () -> new JsonHandler(Map.of()).getEvents(bad)).getMessage());
        HttpBadRequestException e = assertThrows(HttpBadRequestException.class,
                () -> parse("[]", "application/json; charset=ISO-8859-1", StandardCharsets.ISO_8859_1));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("unsupported charset 'ISO-8859-1'"));
    }

    @Test
    void deepNestingInAnIgnoredMemberIsBounded() {
        String deep = "[{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}]";
        assertTrue(refusal(deep).contains("at most 64 levels"));
    }
}
