package io.sluice.sources.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.rpc.ServerSession;
import org.junit.jupiter.api.Test;

/** {@link FrameGuard} alone on an embedded channel: what it passes on, holds, refuses and releases. */
class FrameGuardTest {
    final SourceCounter counter = new SourceCounter("r1");

    EmbeddedChannel guarded(AvroSourceState state, int maxFrameBytes) {
        EmbeddedChannel ch = new EmbeddedChannel();
        AvroConnection connection = new AvroConnection(ch, new ServerSession(state.knownProtocols()));
        ch.pipeline().addLast(new FrameGuard(connection, state, counter, maxFrameBytes, 30_000));
        return ch;
    }

    /** A frame of one buffer holding {@code n} bytes of value {@code fill}. */
    static ByteBuf frame(int serial, int n, int fill) {
        ByteBuf b = Unpooled.buffer().writeInt(serial).writeInt(1).writeInt(n);
        for (int i = 0; i < n; i++) {
            b.writeByte(fill);
        }
        return b;
    }

    /** Everything the guard has passed on so far, joined. */
    static ByteBuf passed(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b = ch.readInbound(); b != null; b = ch.readInbound()) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    @Test
    void bytesAfterACompleteFrameAreHeldUntilItsReplyIsWritten() {
        AvroSourceState state = new AvroSourceState("r1", 1 << 20, counter);
        EmbeddedChannel ch = guarded(state, 1 << 16);
        ByteBuf two = Unpooled.buffer().writeBytes(frame(1, 10, 'a')).writeBytes(frame(2, 20, 'b'));
        ch.writeInbound(two);
        assertEquals(frame(1, 10, 'a'), passed(ch));
        assertFalse(ch.config().isAutoRead(), "reading paused while the call is pending");
        assertEquals(8 + 8 + 4 + 10, state.budget().used(), "frame 1 (with its buffer's slot) is reserved");

        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertEquals(frame(2, 20, 'b'), passed(ch));
        assertEquals(8 + 8 + 4 + 20, state.budget().used(), "frame 1 released, frame 2 reserved");
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertTrue(ch.config().isAutoRead());
        assertEquals(0, state.budget().used());
    }

    @Test
    void aFrameWrittenOneByteAtATimeGoesOnWhole() {
        AvroSourceState state = new AvroSourceState("r1", 1 << 20, counter);
        EmbeddedChannel ch = guarded(state, 1 << 16);
        ByteBuf f = frame(7, 5, 'x');
        ByteBuf expected = f.copy();
        while (f.isReadable()) {
            ch.writeInbound(f.readRetainedSlice(1));
        }
        assertEquals(expected, passed(ch));
        assertFalse(ch.config().isAutoRead());
    }

    @Test
    void countsAndLengthsBeyondMaxFrameBytesCloseBeforeTheirBytesArrive() {
        AvroSourceState state = new AvroSourceState("r1", 1 << 20, counter);
        ByteBuf manyBuffers = Unpooled.buffer().writeInt(1).writeInt(1 << 20);
        ByteBuf longBuffer = Unpooled.buffer().writeInt(1).writeInt(1).writeInt(1 << 16);
        ByteBuf noBuffers = Unpooled.buffer().writeInt(1).writeInt(0);
        for (ByteBuf header : new ByteBuf[] {manyBuffers, longBuffer, noBuffers}) {
            EmbeddedChannel ch = guarded(state, 1 << 16);
            ch.writeInbound(header);
            assertFalse(ch.isOpen(), "connection not closed");
            assertEquals(0, passed(ch).readableBytes(), "nothing of a refused frame goes on");
        }
        assertEquals(3, counter.eventReadFail());
        assertEquals(0, state.budget().used());
    }

    @Test
    void aSpentBudgetPausesAConnectionUntilAnotherReleasesBytes() {
        AvroSourceState state = new AvroSourceState("r1", 100, counter);
        EmbeddedChannel first = guarded(state, 1 << 16);
        EmbeddedChannel second = guarded(state, 1 << 16);
        first.writeInbound(frame(1, 60, 'a'));
        assertEquals(80, state.budget().used());
        second.writeInbound(frame(2, 60, 'b'));
        assertEquals(100, state.budget().used());
        assertEquals(8 + 4, passed(second).readableBytes(), "header and length went on (16 + 4 reserved), no body byte");
        assertFalse(second.config().isAutoRead(), "paused on the budget");

        passed(first);
        first.writeOutbound(Unpooled.wrappedBuffer(new byte[] {0}));
        second.runPendingTasks();
        assertEquals(60, passed(second).readableBytes(), "the body went on once bytes were released");
        assertEquals(80, state.budget().used());
        first.close();
        second.close();
        assertEquals(0, state.budget().used(), "a closed connection gives back what it held");
        assertNull(second.readInbound());
    }
}
