package io.sluice.sinks.basic;

import static io.sluice.sinks.basic.SinkTests.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkContext;
import io.sluice.api.Status;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggerSinkTest {
    private final Logger events = (Logger) LoggerFactory.getLogger("org.apache.flume.sink.LoggerSink");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final TestChannel channel = new TestChannel();

    @BeforeEach
    void capture() {
        appender.start();
        events.addAppender(appender);
        events.setLevel(Level.INFO);
        events.setAdditive(false);
    }

    @AfterEach
    void release() {
        events.detachAppender(appender);
        events.setLevel(null);
        events.setAdditive(true);
    }

    private LoggerSink sink(Map<String, String> raw) {
        return new LoggerSink(SinkTests.context(LoggerSink.SPEC, channel, raw));
    }

    private static SinkContext withMaxBatch(TestChannel channel, int maxBatchSize) {
        return new SinkContext("k1", Specs.settings(LoggerSink.SPEC, Map.of()), channel, new SinkCounter("k1"), maxBatchSize);
    }

    @Test
    void logsEveryEventUnderFlumesCategoryAndDrainsTheChannel() throws EventDeliveryException {
        new ChannelHarness(channel).put(TestEvents.numbered("e", 3));
        LoggerSink sink = sink(Map.of());

        assertEquals(Status.READY, sink.process());
        assertEquals(Status.BACKOFF, sink.process());

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(
                "Event: { headers:{} body: 65 2D 30 " + " ".repeat(13 * 3) + "e-0 }",
                "Event: { headers:{} body: 65 2D 31 " + " ".repeat(13 * 3) + "e-1 }",
                "Event: { headers:{} body: 65 2D 32 " + " ".repeat(13 * 3) + "e-2 }"), lines);
        assertEquals(0, channel.size());
    }

    @Test
    void maintainsBatchAndDrainCounters() throws EventDeliveryException {
        new ChannelHarness(channel).put(TestEvents.numbered("e", 5));
        SinkContext ctx = SinkTests.context(LoggerSink.SPEC, channel, Map.of());
        LoggerSink sink = new LoggerSink(ctx);

        sink.process();
        sink.process();

        assertEquals(5, count(ctx, "EventDrainAttemptCount"));
        assertEquals(5, count(ctx, "EventDrainSuccessCount"));
        assertEquals(1, count(ctx, "BatchUnderflowCount"));
        assertEquals(1, count(ctx, "BatchEmptyCount"));
    }

    @Test
    void takesAtMostTheChannelsTransactionCapacityCappedAtOneHundred() {
        assertEquals(7, new LoggerSink(withMaxBatch(channel, 7)).batchSize());
        assertEquals(LoggerSink.MAX_BATCH, new LoggerSink(withMaxBatch(channel, 10_000)).batchSize());
    }

    @Test
    void refusesNegativeOrNonIntegerMaxBytesToLogButAcceptsZero() {
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(LoggerSink.SPEC, Map.of("maxBytesToLog", "-1")));
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(LoggerSink.SPEC, Map.of("maxBytesToLog", "ten")));
        assertEquals(0, Specs.settings(LoggerSink.SPEC, Map.of("maxBytesToLog", "0")).get(LoggerSink.MAX_BYTES_TO_LOG));
    }
}
