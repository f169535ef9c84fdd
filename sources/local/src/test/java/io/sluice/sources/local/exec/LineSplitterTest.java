package io.sluice.sources.local.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<String> split(int maxLineBytes, String... reads) {
        LineSplitter s = new LineSplitter(StandardCharsets.UTF_8, maxLineBytes);
        List<byte[]> out = new ArrayList<>();
        for (String r : reads) {
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            s.feed(b, 0, b.length, out);
        }
        s.finish(out);
        return out.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void newlineCarriageReturnAndTheirPairEndLinesAsReadLineDoes() {
        assertEquals(List.of("a", "b", "c", "", "d"), split(100, "a\nb\r\nc\r\rd"));
    }

    @Test
    void aCarriageReturnAtTheEndOfOneReadPairsWithANewlineAtTheStartOfTheNext() {
        assertEquals(List.of("a", "b"), split(100, "a\r", "\nb\n"));
        assertEquals(List.of("a", "b"), split(100, "a\r", "b"));
    }

    @Test
    void linesSpanningReadsAreJoinedAndTheUnterminatedRestIsALineAtTheEnd() {
        assertEquals(List.of("hello world", "tail"), split(100, "hel", "lo wor", "ld\nta", "il"));
    }

    @Test
    void linesLongerThanMaxLineBytesAreSplitWithoutLosingBytes() {
        assertEquals(List.of("abcd", "efgh", "ij", "xy"), split(4, "abcdefghij\nxy\n"));
        assertEquals(List.of("abcd", "efgh", "ij"), split(4, "ab", "cdefg", "hij\n"));
    }

    @Test
    void malformedUtf8IsReplacedAndOtherCharsetsRoundTrip() {
        LineSplitter utf8 = new LineSplitter(StandardCharsets.UTF_8, 100);
        List<byte[]> out = new ArrayList<>();
        utf8.feed(new byte[] {'a', (byte) 0xE9, '\n'}, 0, 3, out);
        assertArrayEquals("a\uFFFD".getBytes(StandardCharsets.UTF_8), out.get(0));

        LineSplitter latin1 = new LineSplitter(Charset.forName("ISO-8859-1"), 100);
        out.clear();
        latin1.feed(new byte[] {'a', (byte) 0xE9, '\n'}, 0, 3, out);
        assertArrayEquals(new byte[] {'a', (byte) 0xE9}, out.get(0));
    }
}
