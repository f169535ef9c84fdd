package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.checkpoint.Checkpoint;
import io.sluice.channels.file.wal.checkpoint.CheckpointCodec;
import io.sluice.channels.file.wal.record.EventCodec;
import io.sluice.channels.file.wal.record.PutRecordEncoder;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.channels.file.wal.record.TakeRecordCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Record, event and checkpoint framing: round trips, and every single-byte change is caught. */
class CodecTest {

    @Test
    void eventsRoundTripWithUnicodeHeadersAndAnyBodyBytes() {
        Event odd = Event.of(Map.of("emoji", "\uD83D\uDE00", "lone", "\uD800x", "", ""), new byte[] {0, -128, 127});
        PutRecordEncoder enc = new PutRecordEncoder();
        ByteBuffer rec = enc.encode(List.of(odd, Event.of(new byte[0])));
        RecordHeader h = RecordHeader.parse(rec, 0);
        assertEquals(new RecordHeader(RecordType.PUT, rec.limit(), 2, 0), h);
        CRC32C crc = new CRC32C();
        int size = EventCodec.verify(rec, enc.offset(0), rec.limit(), crc);
        assertTrue(size > 0);
        Event back = EventCodec.decode(rec, enc.offset(0));
        assertEquals(Map.of("emoji", "\uD83D\uDE00", "lone", "?x", "", ""), back.headers(),
                "an unpaired surrogate becomes '?', as Java's UTF-8 encoder writes it");
        assertArrayEquals(new byte[] {0, -128, 127}, back.body());
        assertEquals(enc.offset(1), enc.offset(0) + size);
        assertEquals(0, EventCodec.decode(rec, enc.offset(1)).body().length);
    }

    @Test
    void everyFlippedByteOfAnEventIsCaught() {
        PutRecordEncoder enc = new PutRecordEncoder();
        ByteBuffer rec = enc.encode(List.of(Event.of(Map.of("k", "v"), "body".getBytes())));
        int at = enc.offset(0);
        for (int i = at; i < rec.limit(); i++) {
            rec.put(i, (byte) (rec.get(i) ^ 0x01));
            assertTrue(EventCodec.verify(rec, at, rec.limit(), new CRC32C()) < 0, "byte " + i + " changed unnoticed");
            rec.put(i, (byte) (rec.get(i) ^ 0x01));
        }
        assertTrue(EventCodec.verify(rec, at, rec.limit(), new CRC32C()) > 0);
    }

    @Test
    void everyFlippedByteOfARecordHeaderIsCaught() {
        ByteBuffer rec = new PutRecordEncoder().encode(List.of(Event.ofString("x")));
        RecordHeader.setSeq(rec, 0, 42);
        assertEquals(42, RecordHeader.parse(rec, 0).seq());
        for (int i = 0; i < RecordHeader.SIZE; i++) {
            rec.put(i, (byte) (rec.get(i) ^ 0x80));
            assertTrue(RecordHeader.parse(rec, 0) == null, "header byte " + i + " changed unnoticed");
            rec.put(i, (byte) (rec.get(i) ^ 0x80));
        }
    }

    @Test
    void takeRecordsHoldRangesOfConsecutiveSequenceNumbers() {
        ByteBuffer rec = TakeRecordCodec.encode(new long[] {5, 6, 7, 9, 3, 4}, 6);
        RecordHeader h = RecordHeader.parse(rec, 0);
        assertEquals(3, h.count());
        long[] ranges = new long[6];
        assertTrue(TakeRecordCodec.decode(rec, 0, h, ranges));
        assertArrayEquals(new long[] {5, 8, 9, 10, 3, 5}, ranges);
        rec.put(RecordHeader.SIZE + 3, (byte) 1);
        assertTrue(!TakeRecordCodec.decode(rec, 0, h, ranges));
    }

    @Test
    void checkpointsRoundTripAndRefuseAnyDamage() {
        Entries e = new Entries();
        e.add(10, Pointer.of(3, 64), null);
        e.add(11, Pointer.of(3, 100), null);
        e.add(12, Pointer.of(4, 64), null);
        e.add(7, Pointer.of(2, 4000), null);
        UUID id = UUID.randomUUID();
        ByteBuffer bytes = CheckpointCodec.encode(new Checkpoint(id, Pointer.of(4, 300), 13, 123L, e));
        Checkpoint back = CheckpointCodec.decode(bytes.duplicate());
        assertEquals(id, back.logId());
        assertEquals(Pointer.of(4, 300), back.position());
        assertEquals(13, back.nextSeq());
        assertEquals(4, back.entries().size());
        for (int i = 0; i < 4; i++) {
            assertEquals(e.seq(i), back.entries().seq(i));
            assertEquals(e.pointer(i), back.entries().pointer(i));
        }
        for (int i = 0; i < bytes.limit(); i++) {
            ByteBuffer damaged = ByteBuffer.allocate(bytes.limit()).put(bytes.duplicate()).flip();
            damaged.put(i, (byte) (damaged.get(i) ^ 0x10));
            assertThrows(IllegalArgumentException.class, () -> CheckpointCodec.decode(damaged), "byte " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> CheckpointCodec.decode(bytes.duplicate().limit(50)));
    }
}
