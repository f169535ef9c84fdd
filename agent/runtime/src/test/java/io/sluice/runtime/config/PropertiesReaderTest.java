package io.sluice.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertiesReaderTest {

    private static List<ConfigLine> lines(String text) {
        PropertiesReader.Result r = PropertiesReader.parse("t.conf", text.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        return r.lines();
    }

    @Test
    void separatorsAreEqualsColonOrWhitespace() {
        List<ConfigLine> l = lines("a = 1\nb:2\nc 3\nd\t=\t4\n");
        assertEquals(List.of("a", "b", "c", "d"), l.stream().map(ConfigLine::key).toList());
        assertEquals(List.of("1", "2", "3", "4"), l.stream().map(ConfigLine::value).toList());
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndLineNumbersCountEveryPhysicalLine() {
        List<ConfigLine> l = lines("# comment\n\n   ! bang comment\n  a1.sources = r1\r\nb = 2\rc = 3");
        assertEquals(3, l.size());
        assertEquals(new Location("t.conf", 4), l.get(0).location());
        assertEquals(new Location("t.conf", 5), l.get(1).location());
        assertEquals(new Location("t.conf", 6), l.get(2).location());
    }

    @Test
    void trailingHashIsPartOfTheValueAsInFlume() {
        assertEquals("44444 # web", lines("port = 44444 # web").get(0).value());
    }

    @Test
    void continuationJoinsLinesDroppingLeadingWhitespaceAndKeepsTheFirstLineNumber() {
        List<ConfigLine> l = lines("x = 0\na = line1 \\\n     line2\nb = 3");
        assertEquals("line1 line2", l.get(1).value());
        assertEquals(2, l.get(1).location().line());
        assertEquals(4, l.get(2).location().line());
    }

    @Test
    void evenNumberOfBackslashesDoesNotContinue() {
        List<ConfigLine> l = lines("a = x\\\\\nb = y");
        assertEquals("x\\", l.get(0).value());
        assertEquals("b", l.get(1).key());
    }

    @Test
    void escapesInKeysAndValuesAreResolved() {
        List<ConfigLine> l = lines("a\\=b = t\\tu\\u0041\\:\\ z");
        assertEquals("a=b", l.get(0).key());
        assertEquals("t\tuA: z", l.get(0).value());
    }

    @Test
    void malformedUnicodeEscapeIsAnErrorWithItsLine() {
        PropertiesReader.Result r = PropertiesReader.parse("t.conf", "a = 1\nb = \\u12\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.problems().size());
        assertEquals(2, r.problems().get(0).location().line());
        assertTrue(r.problems().get(0).isError());
    }

    @Test
    void utf8IsReadAsUtf8AndInvalidUtf8FallsBackToLatin1WithAWarning() {
        assertEquals("café", lines("a = café").get(0).value());
        byte[] latin1 = "a = caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        PropertiesReader.Result r = PropertiesReader.parse("t.conf", latin1);
        assertEquals("café", r.lines().get(0).value());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).message().contains("ISO-8859-1"));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertEquals("a1.sources", lines("\uFEFFa1.sources = r1").get(0).key());
    }
}
