package io.sluice.sinks.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDumpTest {
    private static final String EOL = System.lineSeparator();

    private static Event body(String text) {
        return Event.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void rendersTheSpecExampleExactly() {
        assertEquals("{ headers:{} body: 48 65 6C 6C 6F 20 77 6F 72 6C 64 21 0D          Hello world!. }",
                EventDump.dump(body("Hello world!\r"), 16));
    }

    @Test
    void headersRenderAsMapToStringInInsertionOrder() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "h1");
        headers.put("timestamp", "1700000000000");
        assertEquals("{ headers:{host=h1, timestamp=1700000000000} body: 61 62 "
                        + " ".repeat(14 * 3) + "ab }",
                EventDump.dump(Event.of(headers, "ab".getBytes(StandardCharsets.US_ASCII)), 16));
    }

    @Test
    void bodyIsCutAtMaxBytesToLog() {
        assertEquals("{ headers:{} body: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 0123456789abcdef }",
                EventDump.dump(body("0123456789abcdefghij"), 16));
    }

    @Test
    void exactlySixteenBytesIsOneRowWithoutTrailingSeparator() {
        assertEquals("{ headers:{} body: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 0123456789abcdef }",
                EventDump.dump(body("0123456789abcdef"), 100));
    }

    @Test
    void rowsAfterTheFirstKeepTheirOffsetAndAreSeparatedByLineSeparators() {
        assertEquals("{ headers:{} body: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 0123456789abcdef" + EOL
                        + "00000010 67 68 69 6A " + " ".repeat(12 * 3) + "ghij }",
                EventDump.dump(body("0123456789abcdefghij"), 32));
    }

    @Test
    void bytesOutsidePrintableAsciiShowAsDotsWithUppercaseHex() {
        Event e = Event.of(new byte[] {0x00, 0x1F, 0x7E, 0x7F, (byte) 0xAB, (byte) 0xFF});
        assertEquals("{ headers:{} body: 00 1F 7E 7F AB FF " + " ".repeat(10 * 3) + "..~... }",
                EventDump.dump(e, 16));
    }

    @Test
    void emptyBodyRendersNothingAfterBody() {
        assertEquals("{ headers:{} body: }", EventDump.dump(Event.of(new byte[0]), 16));
    }

    @Test
    void zeroMaxBytesRendersHeadersOnly() {
        assertEquals("{ headers:{k=v} body: }",
                EventDump.dump(Event.of(Map.of("k", "v"), "secret".getBytes(StandardCharsets.US_ASCII)), 0));
    }
}
