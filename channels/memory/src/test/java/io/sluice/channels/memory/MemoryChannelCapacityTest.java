package io.sluice.channels.memory;

import static io.sluice.channels.memory.MemoryChannels.millisSince;
import static io.sluice.channels.memory.MemoryChannels.sized;
import static io.sluice.channels.memory.MemoryChannels.withHeader;
import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static io.sluice.testkit.TestEvents.numberedBodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.testkit.Await;
import io.sluice.testkit.ChannelHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MemoryChannelCapacityTest {

    private static void commit(MemoryChannel ch, List<Event> events) {
        new ChannelHarness(ch).put(events);
    }

    @Test
    void commitBeyondCapacityFailsWithChannelFullException() {
        MemoryChannel ch = MemoryChannels.started("capacity", "10", "transactionCapacity", "10", "keep-alive", "0");
        commit(ch, numbered("e", 10));
        ChannelFullException e = assertThrows(ChannelFullException.class, () -> commit(ch, numbered("x", 1)));
        assertTrue(e.getMessage().contains("capacity of 10"), e.getMessage());
        assertEquals(10, ch.size());
    }

    @Test
    void failedCommitLeavesTheTransactionOpenAndChangesNothing() {
        MemoryChannel ch = MemoryChannels.started("capacity", "10", "transactionCapacity", "10", "keep-alive", "0");
        commit(ch, numbered("e", 8));
        try (Transaction tx = ch.begin()) {
            assertEquals(2, tx.take(2).size());
            tx.put(numbered("x", 5));
            assertThrows(ChannelFullException.class, tx::commit);
            tx.rollback();
        }
        assertEquals(numberedBodies("e", 8), bodies(new ChannelHarness(ch).take(10)));
    }

    @Test
    void takenButUncommittedEventsKeepTheirSlots() {
        MemoryChannel ch = MemoryChannels.started("capacity", "10", "transactionCapacity", "10", "keep-alive", "0");
        commit(ch, numbered("e", 10));
        try (Transaction taker = ch.begin()) {
            assertEquals(5, taker.take(5).size());
            assertEquals(5, ch.size());
            assertThrows(ChannelFullException.class, () -> commit(ch, numbered("x", 1)));
            taker.commit();
        }
        commit(ch, numbered("x", 5));
        assertEquals(10, ch.size());
    }

    @Test
    void rollbackOfTakesNeverFailsForRoomEvenWhenTheChannelIsFull() {
        MemoryChannel ch = MemoryChannels.started("capacity", "10", "transactionCapacity", "10", "keep-alive", "0");
        commit(ch, numbered("e", 10));
        try (Transaction taker = ch.begin()) {
            taker.take(5);
            assertThrows(ChannelFullException.class, () -> commit(ch, numbered("x", 1)));
            taker.rollback();
        }
        assertEquals(10, ch.size());
        assertEquals(numberedBodies("e", 10), bodies(new ChannelHarness(ch).take(10)));
    }

    @Test
    void transactionsOwnTakesMakeRoomForItsPuts() {
        MemoryChannel ch = MemoryChannels.started("capacity", "10", "transactionCapacity", "10", "keep-alive", "0");
        commit(ch, numbered("e", 10));
        try (Transaction tx = ch.begin()) {
            tx.take(4);
            tx.put(numbered("x", 4));
            tx.commit();
        }
        assertEquals(10, ch.size());
    }

    @Test
    void commitWaitsAboutKeepAliveForRoomThenFails() {
        MemoryChannel ch = MemoryChannels.started("capacity", "5", "transactionCapacity", "5", "keep-alive", "1");
        commit(ch, numbered("e", 5));
        long start = System.nanoTime();
        ChannelFullException e = assertThrows(ChannelFullException.class, () -> commit(ch, numbered("x", 1)));
        assertTrue(millisSince(start) >= 900, "gave up after " + millisSince(start) + " ms");
        assertTrue(e.getMessage().contains("keep-alive 1 s"), e.getMessage());
    }

    @Test
    void commitWaitingForRoomProceedsWhenATakeCommits() throws Exception {
        MemoryChannel ch = MemoryChannels.started("capacity", "5", "transactionCapacity", "5", "keep-alive", "60");
        commit(ch, numbered("e", 5));
        long start = System.nanoTime();
        Thread[] putter = new Thread[1];
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            putter[0] = Thread.currentThread();
            commit(ch, numbered("x", 2));
        });
        Await.until(Duration.ofSeconds(10),
                () -> putter[0] != null && putter[0].getState() == Thread.State.TIMED_WAITING,
                () -> "putter never blocked on the full channel");
        assertFalse(put.isDone());
        new ChannelHarness(ch).take(2);
        put.get(20, TimeUnit.SECONDS);
        assertTrue(millisSince(start) < 20_000, "the waiting commit was not woken by the take");
        assertEquals(List.of("e-2", "e-3", "e-4", "x-0", "x-1"), bodies(new ChannelHarness(ch).take(10)));
    }

    @Test
    void byteShortageFailsWithChannelExceptionThatIsNotChannelFull() {
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "1000", "byteCapacityBufferPercentage", "0",
                "keep-alive", "0");
        commit(ch, sized(10, 100));
        ChannelException e = assertThrows(ChannelException.class, () -> commit(ch, sized(1, 1)));
        assertFalse(e instanceof ChannelFullException, "byte shortage reported as " + e.getClass());
        assertTrue(e.getMessage().contains("byte capacity"), e.getMessage());
        assertEquals(10, ch.size());
    }

    @Test
    void headersCountTowardsByteCapacity() {
        // 50 body bytes + 2 × ("k" + "vvvv") = 60 bytes each, so two do not fit in 100; bare bodies do.
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "100", "byteCapacityBufferPercentage", "0",
                "keep-alive", "0");
        String body = "x".repeat(50);
        commit(ch, List.of(withHeader(body, "k", "vvvv")));
        assertThrows(ChannelException.class, () -> commit(ch, List.of(withHeader(body, "k", "vvvv"))));
        new ChannelHarness(ch).take(1);
        commit(ch, List.of(Event.ofString(body), Event.ofString(body)));
    }

    @Test
    void bufferPercentageHoldsBackPartOfByteCapacity() {
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "1000", "byteCapacityBufferPercentage", "20",
                "keep-alive", "0");
        commit(ch, sized(8, 100));
        assertThrows(ChannelException.class, () -> commit(ch, sized(1, 1)));
    }

    @Test
    void zeroByteCapacityMeansNoByteLimit() {
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "0", "keep-alive", "0");
        commit(ch, sized(100, 1 << 20));
        assertEquals(100, ch.size());
    }

    @Test
    void committedTakeReleasesItsBytes() {
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "1000", "byteCapacityBufferPercentage", "0",
                "keep-alive", "0");
        for (int round = 0; round < 5; round++) {
            commit(ch, sized(10, 100));
            assertThrows(ChannelException.class, () -> commit(ch, sized(1, 1)));
            assertEquals(10, new ChannelHarness(ch).take(10).size());
        }
    }

    @Test
    void rolledBackTakeKeepsItsBytesHeld() {
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "1000", "byteCapacityBufferPercentage", "0",
                "keep-alive", "0");
        commit(ch, sized(10, 100));
        new ChannelHarness(ch).takeAndRollBack(10);
        assertThrows(ChannelException.class, () -> commit(ch, sized(1, 1)));
    }

    @Test
    void putAndTakeInOneTransactionKeepTheByteCountExact() {
        // Flume releases the take's bytes without acquiring the put's, so 1 more byte would fit there.
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "100", "byteCapacityBufferPercentage", "0",
                "keep-alive", "0");
        commit(ch, sized(1, 100));
        try (Transaction relay = ch.begin()) {
            assertEquals(1, relay.take(1).size());
            relay.put(sized(1, 100));
            relay.commit();
        }
        assertThrows(ChannelException.class, () -> commit(ch, sized(1, 1)));
        new ChannelHarness(ch).take(1);
        commit(ch, sized(1, 100));
    }

    @Test
    void commitLargerThanTheWholeByteBudgetFailsWithoutWaiting() {
        MemoryChannel ch = MemoryChannels.started("byteCapacity", "100", "byteCapacityBufferPercentage", "0",
                "keep-alive", "60");
        long start = System.nanoTime();
        ChannelException e = assertThrows(ChannelException.class, () -> commit(ch, sized(1, 101)));
        assertTrue(millisSince(start) < 20_000, "waited for room that could never come");
        assertTrue(e.getMessage().contains("never fit"), e.getMessage());
        assertEquals(0, ch.size());
    }
}
