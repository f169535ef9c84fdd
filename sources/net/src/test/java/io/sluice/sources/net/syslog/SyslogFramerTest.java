package io.sluice.sources.net.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Newline and octet-counted framing, eventSize cutting, and input split across reads. */
class SyslogFramerTest {
    private final List<String> frames = new ArrayList<>();

    private final SyslogFramer.FrameSink sink = (msg, len, cut) -> {
        frames.add((cut ? "CUT:" : "") + new String(msg, 0, len, StandardCharsets.UTF_8));
        return true;
    };

    private void feed(SyslogFramer f, String... reads) {
        for (String r : reads) {
            ByteBuf b = Unpooled.copiedBuffer(r, StandardCharsets.UTF_8);
            f.decode(b, sink);
            assertEquals(0, b.readableBytes());
            b.release();
        }
    }

    @Test
    void newlineFramedMessagesSkipBlankLinesAndKeepCarriageReturns() {
        SyslogFramer f = new SyslogFramer(2500);
        feed(f, "\n\n<13>a\r\n<14>b\n", "<15>c");
        assertEquals(List.of("<13>a\r", "<14>b"), frames);
        f.finish(sink);
        assertEquals(List.of("<13>a\r", "<14>b", "<15>c"), frames);
    }

    @Test
    void octetCountedMessagesMayContainNewlinesAndSplitAnywhere() {
        SyslogFramer f = new SyslogFramer(2500);
        feed(f, "9 <13>a\nbcd", "1", "4 <14>012345", "6789");
        assertEquals(List.of("<13>a\nbcd", "<14>0123456789"), frames);
    }

    @Test
    void digitsNotFollowedByASpaceStartAnOrdinaryLine() {
        SyslogFramer f = new SyslogFramer(2500);
        feed(f, "123abc\n42\n");
        assertEquals(List.of("123abc", "42"), frames);
    }

    @Test
    void aMessageReachingEventSizeIsCutAndTheRestFramedAgain() {
        SyslogFramer f = new SyslogFramer(10);
        feed(f, "<13>abcdefghijklmnop\n<13>short\n");
        assertEquals(List.of("CUT:<13>abcdef", "CUT:ghijklmnop", "<13>short"), frames);
        assertTrue(f.bufferCapacity() <= 10);
    }

    @Test
    void aLineOfExactlyEventSizeBytesIsMarkedCutAsFlumeDoes() {
        SyslogFramer f = new SyslogFramer(10);
        feed(f, "<13>abcdef\n<13>x\n");
        assertEquals(List.of("CUT:<13>abcdef", "<13>x"), frames);
    }

    @Test
    void anOctetCountedMessageOverEventSizeIsCutIntoPieces() {
        SyslogFramer f = new SyslogFramer(10);
        feed(f, "25 <13>abcdefghijklmnopqrstu");
        assertEquals(List.of("CUT:<13>abcdef", "CUT:ghijklmnop", "qrstu"), frames);
    }
}
