package io.sluice.channels.memory;

import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static io.sluice.testkit.TestEvents.numberedBodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.testkit.ChannelHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryChannelTransactionTest {

    private final MemoryChannel channel = MemoryChannels.started("capacity", "100", "keep-alive", "0");
    private final ChannelHarness harness = new ChannelHarness(channel);

    @Test
    void putsBecomeVisibleToTakersAtCommitAndNotBefore() {
        try (Transaction putter = channel.begin()) {
            putter.put(numbered("e", 3));
            assertTrue(harness.take(10).isEmpty(), "uncommitted puts were visible");
            assertEquals(0, channel.size());
            putter.commit();
        }
        assertEquals(3, channel.size());
        assertEquals(numberedBodies("e", 3), bodies(harness.take(10)));
    }

    @Test
    void rolledBackPutIsDiscarded() {
        try (Transaction tx = channel.begin()) {
            tx.put(numbered("gone", 5));
            tx.rollback();
        }
        assertEquals(0, channel.size());
        assertTrue(harness.take(10).isEmpty());
    }

    @Test
    void closeWithoutCommitDiscardsPuts() {
        try (Transaction tx = channel.begin()) {
            tx.put(numbered("gone", 5));
        }
        assertTrue(harness.take(10).isEmpty());
    }

    @Test
    void severalPutCallsInOneTransactionCommitInPutOrder() {
        List<Event> events = numbered("e", 30);
        try (Transaction tx = channel.begin()) {
            tx.put(events.subList(0, 1));
            tx.put(events.get(1));
            tx.put(events.subList(2, 30));
            tx.commit();
        }
        assertEquals(numberedBodies("e", 30), bodies(harness.take(100)));
    }

    @Test
    void committedTakeRemovesEventsForGood() {
        harness.put(numbered("e", 4));
        assertEquals(numberedBodies("e", 2), bodies(harness.take(2)));
        assertEquals(List.of("e-2", "e-3"), bodies(harness.take(10)));
        assertTrue(harness.take(10).isEmpty());
    }

    @Test
    void eventsTakenButNotCommittedAreHiddenFromOtherTakers() {
        harness.put(numbered("e", 4));
        try (Transaction first = channel.begin()) {
            assertEquals(List.of("e-0", "e-1"), bodies(first.take(2)));
            assertEquals(List.of("e-2", "e-3"), bodies(harness.take(10)));
            assertEquals(0, channel.size());
            first.commit();
        }
    }

    @Test
    void rolledBackTakesReturnToTheHeadInOrderAheadOfEventsCommittedLater() {
        harness.put(numbered("e", 5));
        try (Transaction tx = channel.begin()) {
            assertEquals(List.of("e-0", "e-1", "e-2"), bodies(tx.take(3)));
            harness.put(List.of(Event.ofString("late-0"), Event.ofString("late-1")));
            tx.rollback();
        }
        assertEquals(List.of("e-0", "e-1", "e-2", "e-3", "e-4", "late-0", "late-1"), bodies(harness.take(100)));
    }

    @Test
    void rollbackOfSeveralTakeCallsRestoresTheirCombinedOrder() {
        harness.put(numbered("e", 6));
        try (Transaction tx = channel.begin()) {
            tx.take(2);
            tx.take(1);
            tx.take(2);
            // close() without commit rolls back
        }
        assertEquals(numberedBodies("e", 6), bodies(harness.take(100)));
    }

    @Test
    void takeReturnsAReadOnlyList() {
        harness.put(numbered("e", 2));
        try (Transaction tx = channel.begin()) {
            List<Event> taken = tx.take(2);
            assertThrows(UnsupportedOperationException.class, () -> taken.remove(0));
            assertThrows(UnsupportedOperationException.class, () -> taken.set(0, Event.ofString("x")));
            assertEquals(List.of("e-0", "e-1"), bodies(new ArrayList<>(taken)));
            tx.commit();
        }
    }

    @Test
    void transactionCapacityBoundsPutsOfOneTransaction() {
        MemoryChannel ch = MemoryChannels.started("capacity", "100", "transactionCapacity", "5", "keep-alive", "0");
        try (Transaction tx = ch.begin()) {
            assertThrows(ChannelException.class, () -> tx.put(numbered("big", 6)));
            tx.put(numbered("a", 3));
            tx.put(numbered("b", 2));
            assertThrows(ChannelException.class, () -> tx.put(Event.ofString("one-too-many")));
            tx.commit();
        }
        assertEquals(5, ch.size());
    }

    @Test
    void transactionCapacityBoundsTakesSeparatelyFromPuts() {
        MemoryChannel ch = MemoryChannels.started("capacity", "100", "transactionCapacity", "5", "keep-alive", "0");
        new ChannelHarness(ch).put(numbered("e", 10), 5);
        try (Transaction tx = ch.begin()) {
            tx.put(numbered("p", 5));
            assertEquals(3, tx.take(3).size());
            assertEquals(List.of("e-3", "e-4"), bodies(tx.take(100)), "a take is capped at the remaining room");
            assertThrows(ChannelException.class, () -> tx.take(1));
            tx.commit();
        }
        assertEquals(10, ch.size());
    }

    @Test
    void orderSurvivesRingWrapAroundGrowthAndRollbackAcrossTheWrap() {
        MemoryChannel ch = MemoryChannels.started("capacity", "5000", "transactionCapacity", "5000", "keep-alive", "0");
        ChannelHarness h = new ChannelHarness(ch);
        List<Event> all = numbered("e", 4000);
        List<String> expected = numberedBodies("e", 4000);
        // Advance the head so later appends wrap, then force growth while wrapped.
        h.put(all.subList(0, 900));
        List<String> seen = new ArrayList<>(bodies(h.take(800)));
        h.put(all.subList(900, 1000));
        h.put(all.subList(1000, 3500));
        try (Transaction tx = ch.begin()) {
            tx.take(700);
            tx.rollback();
        }
        h.put(all.subList(3500, 4000));
        seen.addAll(bodies(h.take(4000)));
        assertEquals(expected, seen);
        assertFalse(h.take(1).iterator().hasNext());
    }

    @Test
    void rollbackPrependsAcrossTheStartOfTheRing() {
        MemoryChannel ch = MemoryChannels.started("capacity", "8", "transactionCapacity", "8", "keep-alive", "0");
        ChannelHarness h = new ChannelHarness(ch);
        for (int round = 0; round < 20; round++) {
            List<Event> batch = numbered("r" + round, 3 + round % 5);
            h.put(batch);
            try (Transaction tx = ch.begin()) {
                tx.take(2);
                tx.rollback();
            }
            assertEquals(bodies(batch), bodies(h.take(8)), "round " + round);
        }
    }
}
