package io.sluice.api.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    /** The byte-level check accepts exactly what the JDK decoder accepts, and counts the same chars. */
    @Test
    void agreesWithJdkDecoderOnRandomInput() {
        Random random = new Random(42);
        int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256)
                        : interesting[random.nextInt(interesting.length)]);
            }
            CharBuffer decoded = jdkDecode(bytes);
            assertEquals(decoded != null, Utf8.isWellFormed(bytes, 0, bytes.length), () -> hex(bytes));
            if (decoded != null) {
                assertEquals(decoded.length(), Utf8.countChars(bytes, 0, bytes.length), () -> hex(bytes));
            }
        }
    }

    @Test
    void incompleteLastSequenceIsNotMalformed() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 61 E2 82 AC
        assertEquals(1, Utf8.scan(euro, 0, 2));
        assertEquals(1, Utf8.scan(euro, 0, 3));
        assertEquals(4, Utf8.scan(euro, 0, 4));
        assertEquals(Utf8.MALFORMED, Utf8.scan(new byte[] {(byte) 0xE2, 0x41}, 0, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 100})
    void firstNonAsciiFindsTheExactIndexAtEveryAlignment(int at) {
        byte[] bytes = new byte[101];
        java.util.Arrays.fill(bytes, (byte) 'x');
        assertEquals(101, Utf8.firstNonAscii(bytes, 0, 101));
        bytes[at] = (byte) 0xC3;
        assertEquals(at, Utf8.firstNonAscii(bytes, 0, 101));
        assertEquals(101, Utf8.firstNonAscii(bytes, at + 1, 101));
    }

    @Test
    void surrogatesOverlongsAndOutOfRangeAreMalformed() {
        assertFalse(Utf8.isWellFormed(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3));
        assertFalse(Utf8.isWellFormed(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2));
        assertFalse(Utf8.isWellFormed(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4));
        assertTrue(Utf8.isWellFormed("😀é€".getBytes(StandardCharsets.UTF_8), 0, 9));
        assertEquals(4, Utf8.countChars("😀é€".getBytes(StandardCharsets.UTF_8), 0, 9));
    }

    private static CharBuffer jdkDecode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02X ", b));
        }
        return sb.toString();
    }
}
