package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static io.sluice.testkit.TestEvents.numberedBodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.channels.file.wal.record.PreviousSegment;
import io.sluice.channels.file.wal.record.RecordHeader;
import io.sluice.testkit.ChannelHarness;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O failures injected through the storage seam: a torn write, a failed fsync, a full disk, a failed
 * read. The commit or take that met the failure fails, nothing it did survives a crash, nothing
 * committed before is lost, and the channel keeps working once the failure is gone.
 */
class FaultInjectionTest {
    @TempDir
    Path tmp;

    private final FaultyStorage storage = new FaultyStorage();
    private final ChannelCounter counter = new ChannelCounter("c1");
    private FileChannel channel;

    private ChannelHarness start(String... settings) throws Exception {
        channel = FileChannels.in(tmp.resolve("live")).storage(storage).counter(counter).set(settings).start();
        return new ChannelHarness(channel);
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.stop();
        }
    }

    /** What a crash right now leaves: the copy, drained by a fresh channel. */
    private List<String> afterCrash(String name) throws Exception {
        Path copy = Crash.copy(channel, tmp.resolve("live"), tmp.resolve(name));
        FileChannel c = FileChannels.in(copy).start();
        List<String> events = bodies(new ChannelHarness(c).drain(1000));
        c.stop();
        return events;
    }

    @Test
    void aTornWriteFailsItsCommitAndLeavesNoTraceAfterACrash() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("before", 3));
        storage.tornWrites.set(1);
        ChannelException e = assertThrows(ChannelException.class, () -> h.put(numbered("torn", 3)));
        assertTrue(e.getMessage().contains("could not commit 3 events"), e.getMessage());
        h.put(numbered("after", 2));
        assertEquals(1L, counter.snapshot().get("EventPutErrorCount"));
        List<String> expected = new ArrayList<>(numberedBodies("before", 3));
        expected.addAll(numberedBodies("after", 2));
        assertEquals(expected, afterCrash("crash"));
        assertEquals(expected, bodies(h.take(100)));
    }

    @Test
    void aFailedFsyncFailsTheCommitAndTheLogIsCutBackToWhatIsOnDisk() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("before", 3));
        storage.failedForces.set(1);
        assertThrows(ChannelException.class, () -> h.put(numbered("unsynced", 3)));
        h.put(numbered("after", 2));
        List<String> expected = new ArrayList<>(numberedBodies("before", 3));
        expected.addAll(numberedBodies("after", 2));
        assertEquals(expected, afterCrash("crash"), "the failed commit does not come back after a crash");
        assertEquals(expected, bodies(h.take(100)));
    }

    @Test
    void aFailedFsyncOfASegmentTheLogMovedOnFromMakesTheNextOneForgetWhatItSaysOfIt() throws Exception {
        ChannelHarness h = start("maxFileSize", "1024");
        h.put(List.of(Event.of(new byte[600])));
        storage.failForceOf.set("segment-0000000001.wal");
        assertThrows(ChannelException.class, () -> h.put(List.of(Event.of(new byte[601]))),
                "the commit in segment 2 waited for segment 1's ROLL record");
        h.put(List.of(Event.of(new byte[602])));
        assertEquals(List.of(600, 602), h.take(100).stream().map(e -> e.body().length).toList());
        Path data = tmp.resolve("live/data");
        for (String name : List.of("segment-0000000002.wal", "segment-0000000003.wal")) {
            ByteBuffer segment = ByteBuffer.wrap(Files.readAllBytes(data.resolve(name)));
            assertEquals(PreviousSegment.UNKNOWN, PreviousSegment.decode(segment, 64, RecordHeader.parse(segment, 64)),
                    name + " vouches for nothing about a segment cut back after a failed fsync");
        }
    }

    @Test
    void aFailedFsyncOfATakeReturnsTheEventsOnRollbackAndTheyAreNotLost() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("e", 4));
        storage.failedForces.set(1);
        try (Transaction tx = channel.begin()) {
            assertEquals(numberedBodies("e", 2), bodies(tx.take(2)));
            assertThrows(ChannelException.class, tx::commit);
        }
        assertEquals(numberedBodies("e", 4), afterCrash("crash"));
        assertEquals(numberedBodies("e", 4), bodies(h.take(100)));
    }

    @Test
    void aFullDiskFailsWritesWithTheCauseAndTheChannelGoesOnWhenSpaceIsBack() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("before", 3));
        storage.diskFull = true;
        ChannelException e = assertThrows(ChannelException.class, () -> h.put(numbered("full", 3)));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        storage.diskFull = false;
        h.put(numbered("after", 1));
        List<String> expected = new ArrayList<>(numberedBodies("before", 3));
        expected.add("after-0");
        assertEquals(expected, afterCrash("crash"));
        assertEquals(expected, bodies(h.take(100)));
    }

    @Test
    void aFailedReadFailsTheTakeAndTheEventsStayInTheChannel() throws Exception {
        ChannelHarness h = start("eventCacheBytes", "0");
        h.put(numbered("e", 3));
        storage.failReads = true;
        try (Transaction tx = channel.begin()) {
            ChannelException e = assertThrows(ChannelException.class, () -> tx.take(3));
            assertTrue(e.getMessage().contains("they stay in the channel"), e.getMessage());
        }
        storage.failReads = false;
        assertEquals(numberedBodies("e", 3), bodies(h.take(100)));
        assertEquals(1L, counter.snapshot().get("EventTakeErrorCount"));
    }

    @Test
    void anInterruptedTakerDoesNotBreakTheLogForOthers() throws Exception {
        ChannelHarness h = start("eventCacheBytes", "0");
        h.put(numbered("e", 50));
        Thread.currentThread().interrupt();
        List<String> taken = bodies(h.take(10));
        assertTrue(Thread.interrupted(), "the interrupt flag is kept");
        assertTrue(taken.isEmpty() || taken.equals(numberedBodies("e", 10)), taken.toString());
        h.put(numbered("more", 1));
        assertEquals(50 - taken.size() + 1, h.drain(100).size());
    }
}
