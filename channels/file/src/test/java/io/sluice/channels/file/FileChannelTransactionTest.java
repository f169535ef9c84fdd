package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static io.sluice.testkit.TestEvents.numberedBodies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.ChannelHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flume's transaction semantics (spec §5.1) on the file channel, and its counters. */
class FileChannelTransactionTest {
    @TempDir
    Path tmp;

    private FileChannel channel;

    private ChannelHarness start(String... settings) throws Exception {
        channel = FileChannels.in(tmp).set(settings).start();
        return new ChannelHarness(channel);
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.stop();
        }
    }

    @Test
    void putsBecomeVisibleAtCommitAndNotBefore() throws Exception {
        ChannelHarness h = start();
        try (Transaction putter = channel.begin()) {
            putter.put(numbered("e", 3));
            assertTrue(h.take(10).isEmpty(), "uncommitted puts were visible");
            putter.commit();
        }
        assertEquals(3, channel.size());
        assertEquals(numberedBodies("e", 3), bodies(h.take(10)));
    }

    @Test
    void rolledBackPutLeavesNothingInTheChannelOrTheLogAfterRestart() throws Exception {
        ChannelHarness h = start();
        try (Transaction tx = channel.begin()) {
            tx.put(numbered("gone", 5));
            tx.rollback();
        }
        h.put(numbered("kept", 2));
        channel.stop();
        h = start();
        assertEquals(numberedBodies("kept", 2), bodies(h.take(10)));
    }

    @Test
    void rolledBackTakeReturnsEventsToTheHeadInOrder() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("e", 5));
        assertEquals(numberedBodies("e", 3), bodies(h.takeAndRollBack(3)));
        h.put(numbered("later", 1));
        assertEquals(List.of("e-0", "e-1", "e-2", "e-3", "e-4", "later-0"), bodies(h.take(10)));
    }

    @Test
    void takenButUncommittedEventsAreHiddenFromOtherTakers() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("e", 4));
        try (Transaction first = channel.begin()) {
            assertEquals(List.of("e-0", "e-1"), bodies(first.take(2)));
            assertEquals(List.of("e-2", "e-3"), bodies(h.take(10)));
            first.rollback();
        }
        assertEquals(List.of("e-0", "e-1"), bodies(h.take(10)));
    }

    @Test
    void aTransactionEitherPutsOrTakesAsInFlume() throws Exception {
        ChannelHarness h = start();
        h.put(numbered("e", 2));
        try (Transaction tx = channel.begin()) {
            tx.take(1);
            assertThrows(IllegalStateException.class, () -> tx.put(Event.ofString("x")));
        }
        try (Transaction tx = channel.begin()) {
            tx.put(Event.ofString("x"));
            assertThrows(IllegalStateException.class, () -> tx.take(1));
        }
    }

    @Test
    void commitBeyondCapacityFailsAfterKeepAliveAndTakesFreeRoom() throws Exception {
        ChannelHarness h = start("capacity", "5", "transactionCapacity", "5", "keep-alive", "0");
        h.put(numbered("a", 4));
        ChannelFullException full = assertThrows(ChannelFullException.class, () -> h.put(numbered("b", 2)));
        assertTrue(full.getMessage().contains("capacity of 5"), full.getMessage());
        h.take(2);
        h.put(numbered("b", 2));
        assertEquals(List.of("a-2", "a-3", "b-0", "b-1"), bodies(h.take(10)));
    }

    @Test
    void aWaitingPutCommitsOnceATakeFreesRoom() throws Exception {
        ChannelHarness h = start("capacity", "2", "transactionCapacity", "2", "keep-alive", "10");
        h.put(numbered("a", 2));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> h.put(numbered("b", 1)));
        Thread.sleep(100);
        assertTrue(!waiting.isDone(), "the put did not wait for room");
        h.take(1);
        waiting.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("a-1", "b-0"), bodies(h.take(10)));
    }

    @Test
    void moreThanTransactionCapacityPutsFailAtOnce() throws Exception {
        start("capacity", "100", "transactionCapacity", "3");
        try (Transaction tx = channel.begin()) {
            assertThrows(ChannelException.class, () -> tx.put(numbered("e", 4)));
        }
    }

    @Test
    void takeWaitsForTheFirstEventUpToKeepAlive() throws Exception {
        ChannelHarness h = start("keep-alive", "10");
        CompletableFuture<List<Event>> taker = CompletableFuture.supplyAsync(() -> h.take(5));
        Thread.sleep(100);
        assertTrue(!taker.isDone(), "take returned before any event came");
        h.put(numbered("e", 2));
        assertEquals(numberedBodies("e", 2), bodies(taker.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void countersMoveAsFlumesDoAndFileChannelExtrasAreThere() throws Exception {
        ChannelCounter counter = new ChannelCounter("c1");
        channel = FileChannels.in(tmp).counter(counter).start();
        ChannelHarness h = new ChannelHarness(channel);
        h.put(numbered("e", 5));
        h.take(3);
        h.takeAndRollBack(2);
        h.take(10);
        h.take(10);
        Map<String, Object> m = counter.snapshot();
        assertEquals(5L, m.get("EventPutAttemptCount"));
        assertEquals(5L, m.get("EventPutSuccessCount"));
        assertEquals(3L + 2 + 2 + 1, m.get("EventTakeAttemptCount"), "an empty take counts one attempt");
        assertEquals(5L, m.get("EventTakeSuccessCount"));
        assertEquals(0L, m.get("ChannelSize"));
        assertEquals(100000L, m.get("ChannelCapacity"));
        assertEquals(true, m.get("Open"));
        assertEquals(0, m.get("Closed"));
        assertEquals(0, m.get("Unhealthy"));
        assertEquals(0L, m.get("EventPutErrorCount"));
        assertTrue((Long) m.get("FsyncCount") >= 3, "every commit is forced: " + m);
        channel.stop();
        assertEquals(false, counter.snapshot().get("Open"));
        channel = null;
    }

    @Test
    void eventsKeepTheirHeadersAndBinaryBodiesAcrossARestart() throws Exception {
        ChannelHarness h = start("eventCacheBytes", "0");
        Event e = Event.of(Map.of("host", "näh", "empty", ""), new byte[] {0, -1, 10, 13, 127});
        h.put(List.of(e, Event.of(new byte[0])));
        channel.stop();
        h = start();
        List<Event> back = h.take(10);
        assertEquals(2, back.size());
        assertEquals(Map.of("host", "näh", "empty", ""), back.get(0).headers());
        assertArrayEquals(new byte[] {0, -1, 10, 13, 127}, back.get(0).body());
        assertEquals(0, back.get(1).body().length);
    }

    @Test
    void takingAnEventStillInMemoryReadsNoDisk() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        channel = FileChannels.in(tmp).storage(storage).start();
        ChannelHarness h = new ChannelHarness(channel);
        h.put(numbered("e", 100));
        // Make every segment read fail: a take that touched the disk would now fail.
        storage.failReads = true;
        assertEquals(numberedBodies("e", 100), bodies(h.take(100)));
    }
}
