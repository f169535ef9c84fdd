package io.sluice.sources.local.deserializer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LineDeserializerTest {
    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "in", ".txt"), content);
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    private static Deserializers line(int maxLineLength) {
        return line(maxLineLength, StandardCharsets.UTF_8, StandardCharsets.UTF_8, DecodeErrorPolicy.FAIL);
    }

    private static Deserializers line(int maxLineLength, Charset in, Charset out, DecodeErrorPolicy policy) {
        return new Deserializers(Deserializers.Type.LINE, maxLineLength, in, out, policy, 1000, "hash");
    }

    private static List<Event> readAll(Deserializers d, Path f, int batch) throws IOException {
        List<Event> all = new ArrayList<>();
        try (EventDeserializer in = d.open(f)) {
            List<Event> got;
            while (!(got = in.read(batch)).isEmpty()) {
                all.addAll(got);
            }
            assertTrue(in.atEnd());
        }
        return all;
    }

    private static List<String> bodies(Deserializers d, Path f) throws IOException {
        return TestEvents.bodies(readAll(d, f, 3));
    }

    @Test
    void onlyNewlineEndsALineSoCarriageReturnsStayInTheBody() throws Exception {
        assertEquals(List.of("a\r", "", "b", "c\rd"), bodies(line(100), file("a\r\n\nb\nc\rd\n")));
    }

    @Test
    void aLastLineWithoutNewlineIsAnEventAndAnEmptyFileHasNone() throws Exception {
        assertEquals(List.of("one", "two"), bodies(line(100), file("one\ntwo")));
        assertEquals(List.of(), bodies(line(100), file("")));
        assertEquals(List.of(""), bodies(line(100), file("\n")));
    }

    @Test
    void aLineOfExactlyMaxLineLengthIsOneEventWithoutFlumesSpuriousEmptyOne() throws Exception {
        assertEquals(List.of("abcd", "efgh", "ij", "xyz"), bodies(line(4), file("abcd\nefghij\nxyz")));
        assertEquals(List.of("abcd", "efgh"), bodies(line(4), file("abcdefgh\n")));
    }

    @Test
    void aLineLongerThanTheWindowIsSplitIntoMaxLengthChunksWithNothingLost() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 1_500_000; i++) {
            big.append((char) ('a' + i % 26));
        }
        List<String> got = bodies(line(2048), file(big + "\nend\n"));
        assertEquals(List.of("end"), got.subList(got.size() - 1, got.size()));
        assertEquals(big.toString(), String.join("", got.subList(0, got.size() - 1)));
        assertEquals((1_500_000 + 2047) / 2048, got.size() - 1);
        for (String chunk : got.subList(0, got.size() - 2)) {
            assertEquals(2048, chunk.length());
        }
    }

    @Test
    void maxLineLengthCountsCharactersNotBytesAndNeverCutsASurrogatePair() throws Exception {
        assertEquals(List.of("äöü", "é"), bodies(line(3), file("äöüé\n")));
        String clef = "\uD834\uDD1E"; // one supplementary character, two chars
        assertEquals(List.of("a", clef, "b"), bodies(line(2), file("a" + clef + "b\n")));
        assertEquals(List.of(clef, "x"), bodies(line(1), file(clef + "x\n")));
    }

    @Test
    void resumingAtAnyMarkGivesTheRemainingEventsExactlyOnce() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            int len = random.nextInt(30);
            for (int j = 0; j < len; j++) {
                text.append(j % 7 == 3 ? 'ü' : (char) ('a' + random.nextInt(26)));
            }
            text.append('\n');
        }
        Path f = file(text.toString());
        Deserializers d = line(9);
        List<String> expected = bodies(d, f);
        for (int batch = 1; batch <= 7; batch++) {
            List<String> got = new ArrayList<>();
            ReadMark mark = ReadMark.START;
            while (true) {
                try (EventDeserializer in = d.open(f)) {
                    in.seek(mark);
                    List<Event> events = in.read(batch);
                    if (events.isEmpty()) {
                        break;
                    }
                    got.addAll(TestEvents.bodies(events));
                    mark = in.mark();
                }
            }
            assertEquals(expected, got, "batch " + batch);
        }
    }

    @Test
    void seekingBackToTheLastMarkRereadsTheSameEvents() throws Exception {
        Path f = file("1\n2\n3\n4\n5\n");
        try (EventDeserializer in = line(100).open(f)) {
            assertEquals(List.of("1", "2"), TestEvents.bodies(in.read(2)));
            ReadMark committed = in.mark();
            assertEquals(new ReadMark(4, 0), committed);
            assertEquals(List.of("3", "4"), TestEvents.bodies(in.read(2)));
            in.seek(committed);
            assertEquals(List.of("3", "4", "5"), TestEvents.bodies(in.read(10)));
            assertTrue(in.atEnd());
        }
    }

    @Test
    void failPolicyDeliversTheLinesBeforeBadBytesThenThrowsAtThem() throws Exception {
        Path f = file(new byte[] {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, 'd', '\n', 'x', '\n'});
        try (EventDeserializer in = line(100).open(f)) {
            assertEquals(List.of("ok"), TestEvents.bodies(in.read(10)));
            DecodeException e = assertThrows(DecodeException.class, () -> in.read(10));
            assertEquals(5, e.offset());
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
            assertEquals(new ReadMark(3, 0), in.mark());
        }
    }

    @Test
    void replacePolicyDecodesBadBytesAsReplacementCharacters() throws Exception {
        Path f = file(new byte[] {'b', 'a', (byte) 0xC3, 'd', '\n', (byte) 0xFF, '\n'});
        assertEquals(List.of("ba\uFFFDd", "\uFFFD"),
                bodies(line(100, StandardCharsets.UTF_8, StandardCharsets.UTF_8, DecodeErrorPolicy.REPLACE), f));
    }

    @Test
    void ignorePolicyDropsBadBytesAndALineOfOnlyBadBytesIsAnEmptyEvent() throws Exception {
        Path f = file(new byte[] {'b', 'a', (byte) 0xC3, 'd', '\n', (byte) 0xFF, (byte) 0xFE, '\n', 'z'});
        assertEquals(List.of("bad", "", "z"),
                bodies(line(100, StandardCharsets.UTF_8, StandardCharsets.UTF_8, DecodeErrorPolicy.IGNORE), f));
    }

    /** Random binary input never stops REPLACE or IGNORE: one event per newline-separated piece, each valid UTF-8. */
    @ParameterizedTest
    @EnumSource(value = DecodeErrorPolicy.class, names = {"REPLACE", "IGNORE"})
    void binaryInputIsReadToTheEndUnderReplaceAndIgnore(DecodeErrorPolicy policy) throws Exception {
        byte[] bytes = new byte[300_000];
        new SplittableRandom(5).nextBytes(bytes);
        int newlines = 0;
        for (byte b : bytes) {
            newlines += b == '\n' ? 1 : 0;
        }
        boolean endsWithNewline = bytes[bytes.length - 1] == '\n';
        List<Event> events = readAll(line(64, StandardCharsets.UTF_8, StandardCharsets.UTF_8, policy), file(bytes), 100);
        int lines = newlines + (endsWithNewline ? 0 : 1);
        assertTrue(events.size() >= lines, events.size() + " events for " + lines + " lines");
        for (Event e : events) {
            assertTrue(io.sluice.api.util.Utf8.isWellFormed(e.body(), 0, e.body().length));
            assertTrue(new String(e.body(), StandardCharsets.UTF_8).length() <= 64);
        }
    }

    @Test
    void binaryInputUnderFailIsDeliveredUpToTheFirstBadLine() throws Exception {
        byte[] bytes = "first\nsecond\n\u0000\u0001\u0002\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBinary = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withBinary, 0, bytes.length);
        withBinary[bytes.length] = (byte) 0x80;
        withBinary[bytes.length + 1] = '\n';
        withBinary[bytes.length + 2] = 'x';
        try (EventDeserializer in = line(100).open(file(withBinary))) {
            assertEquals(List.of("first", "second", "\u0000\u0001\u0002"), TestEvents.bodies(in.read(100)));
            assertThrows(DecodeException.class, () -> in.read(100));
        }
    }

    @Test
    void latin1InputBecomesUtf8BodiesOrStaysLatin1WithThatOutputCharset() throws Exception {
        byte[] cafe = "café\nnaïve\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = file(cafe);
        assertEquals(List.of("café", "naïve"),
                bodies(line(100, StandardCharsets.ISO_8859_1, StandardCharsets.UTF_8, DecodeErrorPolicy.FAIL), f));
        List<Event> latin = readAll(line(100, StandardCharsets.ISO_8859_1, StandardCharsets.ISO_8859_1,
                DecodeErrorPolicy.FAIL), f, 10);
        assertArrayEquals("café".getBytes(StandardCharsets.ISO_8859_1), latin.get(0).body());
    }

    @Test
    void shiftJisInputIsDecodedAndInvalidShiftJisFollowsThePolicy() throws Exception {
        Charset sjis = Charset.forName("Shift_JIS");
        Path f = file("日本語\nテスト\n".getBytes(sjis));
        assertEquals(List.of("日本語", "テスト"), bodies(line(100, sjis, StandardCharsets.UTF_8, DecodeErrorPolicy.FAIL), f));
        Path bad = file(new byte[] {'a', (byte) 0x81, '\n'});
        assertEquals(List.of("a\uFFFD"), bodies(line(100, sjis, StandardCharsets.UTF_8, DecodeErrorPolicy.REPLACE), bad));
        assertThrows(DecodeException.class, () -> readAll(line(100, sjis, StandardCharsets.UTF_8,
                DecodeErrorPolicy.FAIL), bad, 10));
    }

    @Test
    void utf16OutputCharsetEncodesBodies() throws Exception {
        List<Event> events = readAll(line(100, StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, DecodeErrorPolicy.FAIL),
                file("hi\n"), 10);
        assertArrayEquals(new byte[] {0, 'h', 0, 'i'}, events.get(0).body());
    }

    /** Against a plain reference (decode everything, split on '\n', cut into chunks): random text, lengths and batches. */
    @Test
    void matchesAReferenceSplitterOnRandomText() throws Exception {
        SplittableRandom random = new SplittableRandom(99);
        String alphabet = "ab\nü€\uD83D\uDE00\r ";
        for (int round = 0; round < 40; round++) {
            StringBuilder text = new StringBuilder();
            int len = random.nextInt(5000);
            for (int i = 0; i < len; i++) {
                int k = random.nextInt(alphabet.length());
                if (Character.isHighSurrogate(alphabet.charAt(k))) {
                    text.append(alphabet, k, k + 2);
                } else if (!Character.isLowSurrogate(alphabet.charAt(k))) {
                    text.append(alphabet.charAt(k));
                }
            }
            int max = 1 + random.nextInt(12);
            assertEquals(reference(text.toString(), max), TestEvents.bodies(readAll(line(max), file(text.toString()),
                    1 + random.nextInt(20))), "round " + round + " max " + max);
        }
    }

    private static List<String> reference(String text, int max) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] lines = text.split("\n", -1);
        int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                out.add("");
            }
            int at = 0;
            while (at < l.length()) {
                int end = Math.min(l.length(), at + max);
                if (end < l.length() && Character.isHighSurrogate(l.charAt(end - 1))) {
                    end = end - 1 == at ? end + 1 : end - 1;
                }
                out.add(l.substring(at, end));
                at = end;
            }
        }
        return out;
    }
}
