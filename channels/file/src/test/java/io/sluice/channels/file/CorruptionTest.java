package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.metrics.ChannelCounter;
import io.sluice.channels.file.wal.record.EventCodec;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage away from the tail: a corrupt event in an older segment (before the checkpoint's position,
 * found when a take reads it, or after it, found by replay), a damaged record header in the middle of
 * the replayed log. Everything else is delivered, the exact number lost is reported, and
 * {@code strictRecovery} refuses to start instead. Missing segments: {@link MissingSegmentTest}.
 */
class CorruptionTest {
    @TempDir
    Path tmp;

    private final List<String> all = new ArrayList<>();

    /** Ten batches of ten 30-byte events over several 2 KiB segments. */
    private Path write(String name, boolean checkpointOnClose) throws Exception {
        Path root = tmp.resolve(name);
        FileChannel c = FileChannels.in(root).set("maxFileSize", "2048",
                "checkpointOnClose", String.valueOf(checkpointOnClose)).start();
        ChannelHarness h = new ChannelHarness(c);
        for (int b = 0; b < 10; b++) {
            h.put(FileChannels.sized("b" + b, 10, 30));
            all.addAll(TestEvents.bodies(FileChannels.sized("b" + b, 10, 30)));
        }
        c.stop();
        assertTrue(Records.segments(root.resolve("data")).size() >= 3, "the events span several segments");
        return root;
    }

    private static Path firstSegmentWithRecords(Path root) throws Exception {
        for (Path p : Records.segments(root.resolve("data"))) {
            if (!Records.of(p).isEmpty()) {
                return p;
            }
        }
        throw new AssertionError("no records");
    }

    @Test
    void aCorruptEventInAnOlderSegmentCostsExactlyThatEventAndIsNamedInTheLog() throws Exception {
        Path root = write("corrupt", true);
        Path segment = firstSegmentWithRecords(root);
        long secondEvent = eventOffset(Records.of(segment).get(1), 1);
        Records.flip(segment, secondEvent + EventCodec.PREFIX + 10);
        try (LogCapture log = new LogCapture()) {
            ChannelCounter counter = new ChannelCounter("c1");
            FileChannel c = FileChannels.in(root).counter(counter).start();
            List<String> delivered = bodies(new ChannelHarness(c).drain(1000));
            List<String> expected = new ArrayList<>(all);
            expected.remove("b1-1" + ".".repeat(26));
            assertEquals(expected, delivered);
            assertEquals(1L, counter.snapshot().get("LostEventCount"));
            assertEquals(1L, counter.snapshot().get("EventTakeErrorCount"));
            c.stop();
            String named = segment + " at offset " + secondEvent;
            assertTrue(log.problems().stream().anyMatch(l -> l.contains(named)),
                    "a log line names " + named + ": " + log.problems());
        }
    }

    @Test
    void aCorruptEventInTheReplayedLogCostsExactlyThatEventUnlessALaterTakeTookIt() throws Exception {
        Path root = tmp.resolve("replayed");
        FileChannel c = FileChannels.in(root).set("maxFileSize", "2048", "checkpointOnClose", "false").start();
        ChannelHarness h = new ChannelHarness(c);
        for (int b = 0; b < 10; b++) {
            h.put(FileChannels.sized("b" + b, 10, 30));
            all.addAll(TestEvents.bodies(FileChannels.sized("b" + b, 10, 30)));
        }
        List<String> took = bodies(h.take(15));
        c.stop();
        Path segment = firstSegmentWithRecords(root);
        assertTrue(!segment.equals(Records.lastWithRecords(root.resolve("data"))), "an older segment");
        long takenEvent = eventOffset(Records.of(segment).get(0), 3);
        long queuedEvent = eventOffset(Records.of(segment).get(2), 4);
        Records.flip(segment, takenEvent + EventCodec.PREFIX + 10);
        Records.flip(segment, queuedEvent + EventCodec.PREFIX + 10);
        Path copy = Crash.copy(root, tmp.resolve("replayed-strict"));
        assertThrows(IllegalStateException.class, () -> FileChannels.in(copy).set("strictRecovery", "true").start());
        try (LogCapture log = new LogCapture()) {
            ChannelCounter counter = new ChannelCounter("c1");
            FileChannel again = FileChannels.in(root).counter(counter).start();
            List<String> delivered = bodies(new ChannelHarness(again).drain(1000));
            again.stop();
            List<String> expected = new ArrayList<>(all);
            expected.removeAll(took);
            expected.remove("b2-4" + ".".repeat(26));
            assertEquals(expected, delivered);
            assertEquals(1L, counter.snapshot().get("LostEventCount"), "the taken one is not lost");
            assertTrue(log.problems().stream().anyMatch(l -> l.contains("LOST 1 committed event(s)")),
                    "the summary says how many were lost: " + log.problems());
            assertTrue(log.problems().stream().anyMatch(l -> l.contains(segment.toString())
                            && l.contains("at offset " + queuedEvent)),
                    "a log line names the damaged event's file and offset: " + log.problems());
        }
    }

    /** Where event {@code i} of a PUT record of 30-byte events without headers starts. */
    private static long eventOffset(Records.At record, int i) {
        return record.offset() + RecordHeader.SIZE + (long) i * (EventCodec.PREFIX + 4 + 30);
    }

    @Test
    void aDamagedRecordHeaderInTheReplayedLogIsSkippedAndItsEventsCountedExactly() throws Exception {
        Path root = write("header", false);
        Path segment = Records.segments(root.resolve("data")).get(2);
        Records.At record = Records.of(segment).get(0);
        Records.flip(segment, record.offset() + 5);
        ChannelCounter counter = new ChannelCounter("c1");
        FileChannel c = FileChannels.in(root).counter(counter).start();
        List<String> delivered = bodies(new ChannelHarness(c).drain(1000));
        c.stop();
        assertEquals(all.size() - record.header().count(), delivered.size());
        assertTrue(all.containsAll(delivered));
        assertEquals((long) record.header().count(), counter.snapshot().get("LostEventCount"),
                "counted from the gap in sequence numbers, though the record's own count is unreadable");
    }

    @Test
    void strictRecoveryRefusesToStartOnAMissingSegment() throws Exception {
        Path root = write("strict-missing", true);
        Files.delete(Records.segments(root.resolve("data")).get(2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FileChannels.in(root).set("strictRecovery", "true").start());
        assertTrue(e.getMessage().contains("strictRecovery = true"), e.getMessage());
        assertTrue(Files.exists(root.resolve("checkpoint/in_use.lock")));
        FileChannel again = FileChannels.in(root).start();
        again.stop();
    }

    @Test
    void strictRecoveryReadsEveryQueuedEventAndRefusesOnACorruptOne() throws Exception {
        Path root = write("strict-corrupt", true);
        Path segment = firstSegmentWithRecords(root);
        Records.flip(segment, Records.of(segment).get(0).offset() + 60);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FileChannels.in(root).set("strictRecovery", "true").start());
        assertTrue(e.getMessage().contains("1 committed event(s) lost"), e.getMessage());
    }
}
