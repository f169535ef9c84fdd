package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void batchRoundTripsHeadersBodiesAndEmptyBodiesInOrderFromHeapAndDirectBuffers() throws Exception {
        List<Event> events = List.of(
                Event.of(Map.of("host", "h\u00f4te", "\u65e5", "\u672c"), "one".getBytes(StandardCharsets.UTF_8)),
                Event.of(new byte[0]),
                Event.of(new byte[] {0, -1, 127, -128}));
        for (ByteBuf buf : List.of(Unpooled.buffer(), Unpooled.directBuffer())) {
            EventCodec.writeBatch(buf, events);
            assertTrue(buf.readableBytes() <= EventCodec.maxBatchSize(events));
            List<Event> back = EventCodec.readBatch(buf, 10);
            assertEquals(3, back.size());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(events.get(i).body(), back.get(i).body());
                assertEquals(events.get(i).headers(), back.get(i).headers());
            }
            assertEquals(0, buf.readableBytes(), "the whole parameter is consumed");
        }
    }

    /**
     * Avro's client sends a call in pieces that cut numbers, strings and bodies anywhere: a batch
     * split into 1-, 2-, 3- and 7-byte buffers (heap and direct) reads the same as in one piece.
     */
    @Test
    void batchSpreadOverManySmallBuffersReadsTheSameAsInOne() throws Exception {
        List<Event> events = List.of(
                Event.of(Map.of("kéy", "v".repeat(300)), "x".repeat(200).getBytes(StandardCharsets.UTF_8)),
                Event.of(new byte[0]),
                Event.of(Map.of("a", "", "", "b"), new byte[] {1, 2, 3}));
        ByteBuf whole = Unpooled.buffer();
        EventCodec.writeBatch(whole, events);
        for (int piece : new int[] {1, 2, 3, 7}) {
            for (boolean direct : new boolean[] {false, true}) {
                CompositeByteBuf split = Unpooled.compositeBuffer(Integer.MAX_VALUE);
                for (int at = 0; at < whole.readableBytes(); at += piece) {
                    int n = Math.min(piece, whole.readableBytes() - at);
                    ByteBuf part = direct ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
                    split.addComponent(true, part.writeBytes(whole, at, n));
                }
                List<Event> back = EventCodec.readBatch(split, 10);
                assertEquals(3, back.size());
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(events.get(i).body(), back.get(i).body(), "body " + i + ", pieces of " + piece);
                    assertEquals(events.get(i).headers(), back.get(i).headers(), "headers " + i + ", pieces of " + piece);
                }
                assertEquals(0, split.readableBytes(), "the whole parameter is consumed");
            }
        }
    }

    @Test
    void arraysWrittenInSeveralBlocksWithByteSizesAreRead() throws Exception {
        ByteBuf b = Unpooled.buffer();
        AvroOutput.writeLong(b, -1);
        AvroOutput.writeLong(b, 4);
        b.writeByte(0);
        AvroOutput.writeBytes(b, "ab".getBytes(StandardCharsets.UTF_8));
        AvroOutput.writeLong(b, 1);
        b.writeByte(0);
        AvroOutput.writeBytes(b, "c".getBytes(StandardCharsets.UTF_8));
        b.writeByte(0);
        List<Event> back = EventCodec.readBatch(b, 10);
        assertEquals(List.of("ab", "c"), back.stream().map(e -> new String(e.body(), StandardCharsets.UTF_8)).toList());
    }

    @Test
    void batchOverTheLimitIsRefusedAtItsBlockCount() {
        ByteBuf b = Unpooled.buffer();
        AvroOutput.writeLong(b, 1_000_000);
        BatchLimitException e = assertThrows(BatchLimitException.class, () -> EventCodec.readBatch(b, 1000));
        assertTrue(e.getMessage().contains("1000000"), e.getMessage());
    }

    @Test
    void lengthsBeyondTheMessageAreMalformedBeforeAnythingIsAllocated() {
        ByteBuf body = Unpooled.buffer();
        AvroOutput.writeLong(body, 1);
        body.writeByte(0);
        AvroOutput.writeLong(body, Integer.MAX_VALUE);
        assertThrows(MalformedRpcException.class, () -> EventCodec.readBatch(body, 10));

        ByteBuf count = Unpooled.buffer();
        AvroOutput.writeLong(count, 500);
        count.writeZero(10);
        assertThrows(MalformedRpcException.class, () -> EventCodec.readBatch(count, 1000));

        ByteBuf varint = Unpooled.buffer().writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
        assertThrows(MalformedRpcException.class, () -> EventCodec.readBatch(varint, 10));
    }
}
