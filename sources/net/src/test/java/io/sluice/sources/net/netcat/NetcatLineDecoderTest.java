package io.sluice.sources.net.netcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.testkit.TestEvents;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Framing, decoding and batching of {@link NetcatLineDecoder} on an EmbeddedChannel: no sockets, no threads. */
class NetcatLineDecoderTest {
    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    private final SourceCounter counter = new SourceCounter("test");

    private EmbeddedChannel channel(Charset charset, int maxLineLength, int maxBatchEvents) {
        return new EmbeddedChannel(new NetcatLineDecoder("test", LineSplitter.forCharset(charset, maxLineLength),
                maxBatchEvents, 1 << 20, counter, new RateLimitedLog(LoggerFactory.getLogger("test"), 1, TimeUnit.SECONDS)));
    }

    private EmbeddedChannel channel(Charset charset, int maxLineLength) {
        return channel(charset, maxLineLength, 4096);
    }

    /** Batches handed on so far; each is reported committed, as the commit handler would, so reading resumes. */
    private static List<LineBatch> batches(EmbeddedChannel ch) {
        List<LineBatch> out = new ArrayList<>();
        LineBatch b;
        while ((b = ch.readInbound()) != null) {
            out.add(b);
            b.decoder().committed();
            ch.runPendingTasks();
        }
        return out;
    }

    private static List<String> bodies(List<LineBatch> batches) {
        List<String> out = new ArrayList<>();
        for (LineBatch b : batches) {
            out.addAll(TestEvents.bodies(b.events()));
        }
        return out;
    }

    private static ByteBuf bytes(String s, Charset cs) {
        return Unpooled.wrappedBuffer(s.getBytes(cs));
    }

    @Test
    void linesEndAtNewlineOnlyAndKeepTheCarriageReturn() {
        EmbeddedChannel ch = channel(UTF_8, 512);
        ch.writeInbound(bytes("a\r\nb\rc\n\n", UTF_8));
        assertEquals(List.of("a\r", "b\rc", ""), bodies(batches(ch)));
    }

    @Test
    void allLinesOfOneReadGoOnAsOneBatch() {
        EmbeddedChannel ch = channel(UTF_8, 512);
        ch.writeInbound(bytes("one\ntwo\nthree\n", UTF_8));
        List<LineBatch> batches = batches(ch);
        assertEquals(1, batches.size());
        assertEquals(List.of("one", "two", "three"), TestEvents.bodies(batches.get(0).events()));
        assertEquals(LineBatch.Ending.NONE, batches.get(0).ending());
    }

    @Test
    void aLineSplitAcrossReadsIsJoined() {
        EmbeddedChannel ch = channel(UTF_8, 512);
        byte[] euro = "x€y\n".getBytes(UTF_8);
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(euro, 0, 3)));
        assertTrue(batches(ch).isEmpty());
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(euro, 3, euro.length)));
        assertEquals(List.of("x€y"), bodies(batches(ch)));
    }

    @Test
    void readBatchesAreCappedAndTheRestFollowsAfterCommit() {
        EmbeddedChannel ch = channel(UTF_8, 512, 2);
        ch.writeInbound(bytes("a\nb\nc\nd\ne\n", UTF_8));
        LineBatch first = ch.readInbound();
        assertEquals(List.of("a", "b"), TestEvents.bodies(first.events()));
        assertFalse(ch.config().isAutoRead(), "reading stops while a batch is being committed");
        assertNull(ch.readInbound(), "nothing more is handed on before the commit");
        first.decoder().committed();
        ch.runPendingTasks();
        assertEquals(List.of("c", "d", "e"), bodies(batches(ch)));
        assertTrue(ch.config().isAutoRead(), "reading resumes once everything read is committed");
    }

    /** max-line-length counts decoded chars with the newline: max-1 chars pass, max chars fail. */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "US-ASCII", "ISO-8859-1", "UTF-16BE", "windows-1252"})
    void lengthLimitIsInCharsIncludingTheNewline(String charsetName) {
        Charset cs = Charset.forName(charsetName);
        EmbeddedChannel ch = channel(cs, 5);
        ch.writeInbound(bytes("abcd\n", cs));
        assertEquals(List.of("abcd"), bodies(batches(ch)));
        ch.writeInbound(bytes("abcde\n", cs));
        List<LineBatch> batches = batches(ch);
        assertEquals(1, batches.size());
        assertEquals(LineBatch.Ending.TOO_LONG, batches.get(0).ending());
        assertEquals(1, counter.eventReadFail());
    }

    @Test
    void multiByteCharsCountOnceAndSupplementaryCharsTwice() {
        EmbeddedChannel ch = channel(UTF_8, 4);
        ch.writeInbound(bytes("ééé\n", UTF_8)); // 6 bytes, 3 chars + newline = 4
        ch.writeInbound(bytes("😀é\n", UTF_8)); // 2 + 1 chars + newline = 4
        assertEquals(List.of("ééé", "😀é"), bodies(batches(ch)));
        ch.writeInbound(bytes("😀😀\n", UTF_8));
        assertEquals(LineBatch.Ending.TOO_LONG, batches(ch).get(0).ending());
    }

    @Test
    void anUnterminatedLineFailsAsSoonAsItReachesTheLimit() {
        EmbeddedChannel ch = channel(UTF_8, 5);
        ch.writeInbound(bytes("abcd", UTF_8));
        assertTrue(batches(ch).isEmpty(), "max-1 chars may still end with a newline");
        ch.writeInbound(bytes("e", UTF_8));
        assertEquals(LineBatch.Ending.TOO_LONG, batches(ch).get(0).ending());
    }

    @Test
    void linesBeforeATooLongLineAreDeliveredWithIt() {
        EmbeddedChannel ch = channel(UTF_8, 5);
        ch.writeInbound(bytes("ok\nalso\nmuch too long\nlost\n", UTF_8));
        List<LineBatch> batches = batches(ch);
        assertEquals(1, batches.size());
        assertEquals(List.of("ok", "also"), TestEvents.bodies(batches.get(0).events()));
        assertEquals(LineBatch.Ending.TOO_LONG, batches.get(0).ending());
    }

    /** A 10 MB line is refused after max-line-length chars; the splitter never holds more than its cap. */
    @Test
    void anEndlessLineIsRefusedWithBoundedMemory() {
        ByteLineSplitter splitter = new ByteLineSplitter(ByteLineSplitter.Mode.UTF_8, 512);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        LineSplitter.Result result = LineSplitter.Result.NEED_INPUT;
        for (int i = 0; i < 160 && result == LineSplitter.Result.NEED_INPUT; i++) {
            result = splitter.split(Unpooled.wrappedBuffer(chunk), body -> true);
        }
        assertEquals(LineSplitter.Result.TOO_LONG, result);
        assertTrue(splitter.partialCapacity() <= 3 * 512 + 3, "holds " + splitter.partialCapacity() + " bytes");

        EmbeddedChannel ch = channel(UTF_8, 512);
        ch.writeInbound(Unpooled.wrappedBuffer(chunk));
        assertEquals(LineBatch.Ending.TOO_LONG, batches(ch).get(0).ending());
        ByteBuf more = Unpooled.wrappedBuffer(chunk);
        ch.writeInbound(more);
        assertEquals(0, more.refCnt(), "input after the refusal is dropped, not kept");
        assertTrue(batches(ch).isEmpty());
    }

    @Test
    void invalidUtf8EndsTheConnectionAfterTheLinesBeforeIt() {
        EmbeddedChannel ch = channel(UTF_8, 512);
        ch.writeInbound(Unpooled.wrappedBuffer("good\n".getBytes(UTF_8), new byte[] {(byte) 0xFF, 'x', '\n'},
                "after\n".getBytes(UTF_8)));
        List<LineBatch> batches = batches(ch);
        assertEquals(1, batches.size());
        assertEquals(List.of("good"), TestEvents.bodies(batches.get(0).events()));
        assertEquals(LineBatch.Ending.INVALID_INPUT, batches.get(0).ending());
    }

    @Test
    void bytesOutsideAsciiAreInvalidForUsAscii() {
        EmbeddedChannel ch = channel(StandardCharsets.US_ASCII, 512);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'a', '\n', (byte) 0xE9, '\n'}));
        List<LineBatch> batches = batches(ch);
        assertEquals(List.of("a"), bodies(batches));
        assertEquals(LineBatch.Ending.INVALID_INPUT, batches.get(0).ending());
    }

    @Test
    void unmappableBytesAreInvalidForOtherCharsets() {
        EmbeddedChannel ch = channel(Charset.forName("windows-1252"), 512);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, '\n', (byte) 0x81, '\n'}));
        List<LineBatch> batches = batches(ch);
        assertEquals(List.of("€"), bodies(batches));
        assertEquals(LineBatch.Ending.INVALID_INPUT, batches.get(0).ending());
    }

    @Test
    void bodiesAreReEncodedAsUtf8WhateverTheInputCharset() {
        EmbeddedChannel latin1 = channel(StandardCharsets.ISO_8859_1, 512);
        latin1.writeInbound(Unpooled.wrappedBuffer(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'}));
        assertEquals(List.of("café"), bodies(batches(latin1)));

        EmbeddedChannel utf16 = channel(StandardCharsets.UTF_16LE, 512);
        byte[] text = "naïve\nœuvre\n".getBytes(StandardCharsets.UTF_16LE);
        utf16.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(text, 0, 5))); // splits a char in two
        utf16.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(text, 5, text.length)));
        List<LineBatch> batches = batches(utf16);
        assertEquals(List.of("naïve", "œuvre"), bodies(batches));
        List<io.sluice.api.Event> last = batches.get(batches.size() - 1).events();
        assertTrue(Arrays.equals("œuvre".getBytes(UTF_8), last.get(last.size() - 1).body()));
    }

    @Test
    void anUnterminatedFragmentAtEndOfInputIsDiscardedAndCounted() {
        EmbeddedChannel ch = channel(UTF_8, 512);
        ch.writeInbound(bytes("whole\npart", UTF_8));
        LineBatch first = ch.readInbound();
        assertEquals(List.of("whole"), TestEvents.bodies(first.events()));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertNull(ch.readInbound(), "the end waits for the batch in commit");
        first.decoder().committed();
        ch.runPendingTasks();
        LineBatch last = ch.readInbound();
        assertTrue(last.events().isEmpty());
        assertEquals(LineBatch.Ending.END_OF_INPUT, last.ending());
        assertEquals(1, counter.eventReadFail());
    }

    @Test
    void aCleanEndOfInputCountsNothing() {
        EmbeddedChannel ch = channel(UTF_8, 512);
        ch.writeInbound(bytes("whole\n", UTF_8));
        batches(ch);
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals(LineBatch.Ending.END_OF_INPUT, batches(ch).get(0).ending());
        assertEquals(0, counter.eventReadFail());
    }
}
