package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.channels.file.wal.record.RecordType;
import io.sluice.testkit.ChannelHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in files of on-disk format version 1 (written once by {@link GoldenFixtures}: a
 * checkpoint, the previous one, and log records after it, as a crash left them) still replay to
 * exactly the events they hold. A change that breaks this breaks every channel on disk.
 */
class GoldenFormatTest {
    @TempDir
    Path tmp;

    @Test
    void formatVersionOneFilesReplayToExactlyTheirEvents() throws Exception {
        Path fixture = Path.of(getClass().getResource("/golden/v1").toURI());
        Path root = Crash.copy(fixture, tmp.resolve("v1"));
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
