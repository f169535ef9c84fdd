package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
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
