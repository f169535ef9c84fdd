package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    static ByteBuf frame(int serial, String... buffers) {
        ByteBuf b = Unpooled.buffer().writeInt(serial).writeInt(buffers.length);
        for (String s : buffers) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            b.writeInt(bytes.length).writeBytes(bytes);
        }
        return b;
    }

    static String text(RpcFrame f) {
        String s = f.payload().toString(StandardCharsets.UTF_8);
        f.payload().release();
        return s;
    }

    @Test
    void buffersOfAFrameAreJoinedAndTheSerialKept() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ch.writeInbound(frame(7, "hello ", "", "world"), frame(8, "next"));
        RpcFrame first = ch.readInbound();
        assertEquals(7, first.serial());
        assertEquals("hello world", text(first));
        RpcFrame second = ch.readInbound();
        assertEquals(8, second.serial());
        assertEquals("next", text(second));
        assertFalse(ch.finish());
    }

    @Test
    void aFrameArrivingOneByteAtATimeIsAssembled() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf whole = frame(3, "abc", "def");
        while (whole.isReadable()) {
            assertNull(ch.readInbound());
            ch.writeInbound(whole.readRetainedSlice(1));
        }
        whole.release();
        assertEquals("abcdef", text(ch.readInbound()));
    }

    @Test
    void aBufferAnnouncingMoreThanMaxFrameBytesFailsBeforeItsBytesArrive() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf header = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(Integer.MAX_VALUE);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(header));
        // Everything after the failure is discarded, never decoded.
        ch.writeInbound(frame(2, "late"));
        assertNull(ch.readInbound());
    }

    @Test
    void negativeLengthsAndImpossibleBufferCountsAreCorrupt() {
        EmbeddedChannel negative = new EmbeddedChannel(new FrameDecoder(1024));
        assertThrows(CorruptedFrameException.class,
                () -> negative.writeInbound(Unpooled.buffer().writeInt(1).writeInt(1).writeInt(-5)));
        EmbeddedChannel tooMany = new EmbeddedChannel(new FrameDecoder(1024));
        assertThrows(CorruptedFrameException.class,
                () -> tooMany.writeInbound(Unpooled.buffer().writeInt(1).writeInt(1000)));
        EmbeddedChannel countNegative = new EmbeddedChannel(new FrameDecoder(1024));
        assertThrows(CorruptedFrameException.class,
                () -> countNegative.writeInbound(Unpooled.buffer().writeInt(1).writeInt(-1)));
    }

    @Test
    void sumOfBuffersOverTheLimitIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(64));
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(frame(1, "x".repeat(30), "y".repeat(30))));
    }
}
