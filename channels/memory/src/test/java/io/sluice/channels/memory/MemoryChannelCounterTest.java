package io.sluice.channels.memory;

import static io.sluice.testkit.TestEvents.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.ChannelFullException;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.ChannelHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryChannelCounterTest {

    private final ChannelCounter counter = new ChannelCounter("c1");
    private final MemoryChannel channel = MemoryChannels.started(counter,
            "capacity", "20", "transactionCapacity", "10", "keep-alive", "0");

    private long attr(String name) {
        return ((Number) counter.snapshot().get(name)).longValue();
    }

    @Test
    void putAttemptsCountEventsPerPutCallAndSuccessesCountAtCommit() {
        try (Transaction tx = channel.begin()) {
            tx.put(numbered("a", 3));
            tx.put(numbered("b", 2));
            assertEquals(5, attr("EventPutAttemptCount"));
            assertEquals(0, attr("EventPutSuccessCount"));
            tx.commit();
        }
        assertEquals(5, attr("EventPutSuccessCount"));
    }

    @Test
    void takeAttemptsCountEventsReturnedOrOneForAnEmptyTake() {
        new ChannelHarness(channel).put(numbered("e", 4));
        try (Transaction tx = channel.begin()) {
            tx.take(3);
            assertEquals(3, attr("EventTakeAttemptCount"));
            assertEquals(0, attr("EventTakeSuccessCount"));
            tx.take(10);
            tx.take(10);
            assertEquals(3 + 1 + 1, attr("EventTakeAttemptCount"));
            tx.commit();
        }
        assertEquals(4, attr("EventTakeSuccessCount"));
    }

    @Test
    void rolledBackAndFailedTransactionsAddNoSuccesses() {
        new ChannelHarness(channel).put(numbered("e", 10));
        new ChannelHarness(channel).takeAndRollBack(4);
        try (Transaction tx = channel.begin()) {
            tx.put(numbered("gone", 2));
            tx.rollback();
        }
        new ChannelHarness(channel).put(numbered("fill", 10));
        assertThrows(ChannelFullException.class, () -> new ChannelHarness(channel).put(numbered("x", 1)));
        assertEquals(10 + 2 + 10 + 1, attr("EventPutAttemptCount"));
        assertEquals(20, attr("EventPutSuccessCount"));
        assertEquals(4, attr("EventTakeAttemptCount"));
        assertEquals(0, attr("EventTakeSuccessCount"));
    }

    @Test
    void startBindsCapacityAndLiveSizeAndResetsCounters() {
        new ChannelHarness(channel).put(numbered("e", 5));
        Map<String, Object> snapshot = counter.snapshot();
        assertEquals("CHANNEL", snapshot.get("Type"));
        assertEquals(20L, snapshot.get("ChannelCapacity"));
        assertEquals(5L, snapshot.get("ChannelSize"));
        assertEquals(25.0, snapshot.get("ChannelFillPercentage"));
        channel.stop();
        channel.start();
        assertEquals(0, attr("EventPutSuccessCount"));
        assertEquals(5, attr("ChannelSize"));
    }
}
