package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.testkit.ChannelHarness;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in files of each on-disk format version (written once by {@link GoldenFixtures}: a
 * checkpoint, the previous one, and log records after it, as a crash left them) still replay to
 * exactly the events they hold. A change that breaks this breaks every channel on disk.
 */
class GoldenFormatTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void formatFilesReplayToExactlyTheirEvents(String version) throws Exception {
        Path fixture = Path.of(getClass().getResource("/golden/" + version).toURI());
        Path root = Crash.copy(fixture, tmp.resolve(version));
        FileChannel c = FileChannels.in(root).start();
        List<Event> events = new ChannelHarness(c).drain(100);
        c.stop();
        List<Event> expected = GoldenFixtures.expected();
        assertEquals(expected.size(), events.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).headers(), events.get(i).headers(), "headers of event " + i);
            assertArrayEquals(expected.get(i).body(), events.get(i).body(), "body of event " + i);
        }
        assertEquals(0L, c.metrics().lostEvents());
    }

    @Test
    void formatVersionTwoOpensSegmentsWithPreviousAndClosesThemWithRoll() throws Exception {
        Path data = Path.of(getClass().getResource("/golden/v2/data").toURI());
        Path first = data.resolve("segment-0000000001.wal");
        assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(first)).getInt(8), "segment format version");
        List<Records.At> firstRecords = Records.all(first);
        assertEquals(RecordType.PREVIOUS, firstRecords.get(0).header().type());
        assertEquals(64, firstRecords.get(0).offset());
        assertEquals(128, firstRecords.get(1).offset());
        Records.At roll = firstRecords.get(firstRecords.size() - 1);
        assertEquals(RecordType.ROLL, roll.header().type());
        assertEquals(Files.size(first), roll.offset() + roll.length(), "the ROLL record ends the segment");
        assertEquals(4, roll.header().seq(), "the next segment's first sequence number");

        ByteBuffer second = ByteBuffer.wrap(Files.readAllBytes(data.resolve("segment-0000000002.wal")));
        RecordHeader header = RecordHeader.parse(second, 64);
        assertEquals(new PreviousSegment(0, 4, 1, 1), PreviousSegment.decode(second, 64, header),
                "segment 1 held events 0 to 3, and its one take took one of them");
        ByteBuffer third = ByteBuffer.wrap(Files.readAllBytes(data.resolve("segment-0000000003.wal")));
        assertEquals(PreviousSegment.UNKNOWN, PreviousSegment.decode(third, 64, RecordHeader.parse(third, 64)),
                "made at a start, by a writer that did not write segment 2");
    }

    @Test
    void formatVersionOneStartsWithItsMagicAndFirstRecord() throws Exception {
        Path fixture = Path.of(getClass().getResource("/golden/v1").toURI());
        Path segment = fixture.resolve("data/segment-0000000001.wal");
        byte[] head = Arrays.copyOf(Files.readAllBytes(segment), 8);
        assertEquals("SLUICWAL", new String(head, StandardCharsets.US_ASCII));
        Records.At first = Records.of(segment).get(0);
        assertEquals(64, first.offset());
        assertEquals(RecordType.PUT, first.header().type());
        assertEquals(3, first.header().count());
        assertEquals(0, first.header().seq());
        byte[] checkpoint = Arrays.copyOf(Files.readAllBytes(fixture.resolve("checkpoint/sluice-checkpoint")), 8);
        assertEquals("SLUICECP", new String(checkpoint, StandardCharsets.US_ASCII));
    }
}
