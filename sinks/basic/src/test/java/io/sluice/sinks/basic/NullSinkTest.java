package io.sluice.sinks.basic;

import static io.sluice.sinks.basic.SinkTests.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkContext;
import io.sluice.api.Status;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NullSinkTest {
    private final TestChannel channel = new TestChannel();

    @Test
    void drainsInBatchesOfBatchSizeAndCountsOnlyRealEvents() throws EventDeliveryException {
        new ChannelHarness(channel).put(TestEvents.numbered("e", 250));
        SinkContext ctx = SinkTests.context(NullSink.SPEC, channel, Map.of("batchSize", "100"));
        NullSink sink = new NullSink(ctx);

        assertEquals(List.of(Status.READY, Status.READY, Status.READY, Status.BACKOFF),
                List.of(sink.process(), sink.process(), sink.process(), sink.process()));

        assertEquals(0, channel.size());
        assertEquals(250, sink.discarded());
        assertEquals(250, count(ctx, "EventDrainAttemptCount"));
        assertEquals(250, count(ctx, "EventDrainSuccessCount"));
        assertEquals(2, count(ctx, "BatchCompleteCount"));
        assertEquals(1, count(ctx, "BatchUnderflowCount"));
        assertEquals(1, count(ctx, "BatchEmptyCount"));
    }

    @Test
    void failedCommitLeavesTheBatchInTheChannelAndCountsChannelReadFail() {
        new ChannelHarness(channel).put(TestEvents.numbered("e", 3));
        SinkContext ctx = SinkTests.context(NullSink.SPEC, channel, Map.of());
        NullSink sink = new NullSink(ctx);
        channel.failCommits(true);

        assertThrows(EventDeliveryException.class, sink::process);

        assertEquals(TestEvents.numberedBodies("e", 3), TestEvents.bodies(channel.contents()));
        assertEquals(1, count(ctx, "ChannelReadFail"));
        assertEquals(3, count(ctx, "EventDrainAttemptCount"));
        assertEquals(0, count(ctx, "EventDrainSuccessCount"));
        assertEquals(0, sink.discarded());
    }

    @Test
    void failedTakeCountsChannelReadFail() {
        SinkContext ctx = SinkTests.context(NullSink.SPEC, channel, Map.of());
        channel.failTakes(true);

        assertThrows(EventDeliveryException.class, new NullSink(ctx)::process);

        assertEquals(1, count(ctx, "ChannelReadFail"));
        assertEquals(0, count(ctx, "BatchEmptyCount"));
    }

    @Test
    void declaresBatchSizeForTheTransactionCapacityCheck() {
        assertSame(NullSink.BATCH_SIZE, NullSink.SPEC.batchSizeKey());
        assertEquals("batchSize", NullSink.SPEC.batchSizeKey().name());
    }

    @Test
    void refusesBatchSizeOrLogEveryNEventsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(NullSink.SPEC, Map.of("batchSize", "0")));
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(NullSink.SPEC, Map.of("logEveryNEvents", "0")));
    }
}
