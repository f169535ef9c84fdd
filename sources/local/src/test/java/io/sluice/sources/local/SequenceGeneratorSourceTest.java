package io.sluice.sources.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.ComponentProvider;
import io.sluice.api.Event;
import io.sluice.api.SourceContext;
import io.sluice.api.Status;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SequenceGeneratorSourceTest {
    private final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    private final SourceCounter counter = new SourceCounter("r1");

    private SequenceGeneratorSource source(Map<String, String> raw) {
        return source(raw, processor);
    }

    private SequenceGeneratorSource source(Map<String, String> raw, ChannelProcessor to) {
        counter.start();
        return new SequenceGeneratorSource(new SourceContext("r1", Specs.settings(SequenceGeneratorSource.SPEC, raw),
                to, counter, 1000));
    }

    private static List<String> numbers(long n) {
        return LongStream.range(0, n).mapToObj(Long::toString).toList();
    }

    private long appendBatchAccepted() {
        return (Long) counter.snapshot().get("AppendBatchAcceptedCount");
    }

    @Test
    void emitsZeroToTotalMinusOneAsHeaderlessAsciiBodiesThenBacksOff() {
        SequenceGeneratorSource seq = source(Map.of("totalEvents", "5"));

        for (int i = 0; i < 5; i++) {
            assertEquals(Status.READY, seq.poll());
        }
        assertEquals(Status.BACKOFF, seq.poll());
        assertEquals(Status.BACKOFF, seq.poll());

        assertEquals(numbers(5), processor.bodies());
        assertEquals(5, processor.batches());
        for (Event e : processor.events()) {
            assertTrue(e.headers().isEmpty());
        }
    }

    @Test
    void bodiesStayCorrectAcrossDigitCarries() {
        SequenceGeneratorSource seq = source(Map.of("totalEvents", "1001", "batchSize", "7"));
        while (seq.poll() == Status.READY) {
            // drain
        }
        assertEquals(numbers(1001), processor.bodies());
    }

    @Test
    void batchSizeGroupsEventsPerProcessCallAndCountsAppendBatchAccepted() {
        List<Integer> sizes = new ArrayList<>();
        ChannelProcessor recording = events -> {
            sizes.add(events.size());
            processor.process(events);
        };
        SequenceGeneratorSource recorded = source(Map.of("totalEvents", "250", "batchSize", "100"), recording);

        while (recorded.poll() == Status.READY) {
            // drain
        }

        assertEquals(List.of(100, 100, 50), sizes);
        assertEquals(numbers(250), processor.bodies());
        assertEquals(3, appendBatchAccepted());
        assertEquals(250, recorded.emitted());
    }

    @Test
    void singleEventBatchesDoNotCountAppendBatchAccepted() {
        SequenceGeneratorSource seq = source(Map.of("totalEvents", "3"));
        while (seq.poll() == Status.READY) {
            // drain
        }
        assertEquals(0, appendBatchAccepted());
    }

    @Test
    void refusedBatchesBackOffAndAreRetriedWithTheSameNumbersSoEachNumberArrivesOnce() {
        SequenceGeneratorSource seq = source(Map.of("totalEvents", "1000", "batchSize", "33"));
        SplittableRandom random = new SplittableRandom(7);
        int refusedPolls = 0;
        Status status;
        do {
            boolean refuse = random.nextInt(3) == 0;
            processor.setRefusing(refuse);
            status = seq.poll();
            if (refuse) {
                assertEquals(Status.BACKOFF, status);
                refusedPolls++;
                status = Status.READY;
            }
        } while (status == Status.READY);

        assertTrue(refusedPolls > 0);
        assertEquals(refusedPolls, processor.refusals());
        assertEquals(numbers(1000), processor.bodies());
        assertEquals(1000, seq.emitted());
        assertEquals(31, appendBatchAccepted());
    }

    @Test
    void otherProcessorFailuresPropagateAndTheBatchIsRetried() {
        boolean[] fail = {true};
        ChannelProcessor flaky = events -> {
            if (fail[0]) {
                throw new IllegalStateException("interceptor bug (test)");
            }
            processor.process(events);
        };
        SequenceGeneratorSource seq = source(Map.of("totalEvents", "4", "batchSize", "2"), flaky);

        assertThrows(IllegalStateException.class, seq::poll);
        fail[0] = false;
        while (seq.poll() == Status.READY) {
            // drain
        }
        assertEquals(numbers(4), processor.bodies());
    }

    @Test
    void totalEventsZeroEmitsNothing() {
        SequenceGeneratorSource seq = source(Map.of("totalEvents", "0", "batchSize", "10"));
        assertEquals(Status.BACKOFF, seq.poll());
        assertEquals(0, processor.batches());
    }

    @Test
    void backoffKeysReachTheRunner() {
        SequenceGeneratorSource defaults = source(Map.of());
        assertEquals(1000, defaults.backoffSleepIncrementMillis());
        assertEquals(5000, defaults.maxBackoffSleepMillis());
        SequenceGeneratorSource set = source(Map.of("backoffSleepIncrement", "10", "maxBackoffSleep", "50"));
        assertEquals(10, set.backoffSleepIncrementMillis());
        assertEquals(50, set.maxBackoffSleepMillis());
    }

    @Test
    void refusesBatchSizeBelowOneAndNegativeTotalEvents() {
        assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(SequenceGeneratorSource.SPEC, Map.of("batchSize", "0")));
        assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(SequenceGeneratorSource.SPEC, Map.of("totalEvents", "-1")));
        assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(SequenceGeneratorSource.SPEC, Map.of("totalEvents", "lots")));
    }

    @Test
    void declaresBatchSizeForTheTransactionCapacityCheckAndIsFoundByServiceLoader() {
        assertSame(SequenceGeneratorSource.BATCH_SIZE, SequenceGeneratorSource.SPEC.batchSizeKey());
        List<String> aliases = new ArrayList<>();
        for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) {
            for (ComponentSpec<?, ?> spec : p.components()) {
                aliases.add(spec.alias() + "=" + spec.classNames());
            }
        }
        assertEquals(List.of("seq=[org.apache.flume.source.SequenceGeneratorSource]",
                "exec=[org.apache.flume.source.ExecSource]",
                "spooldir=[org.apache.flume.source.SpoolDirectorySource]",
                "taildir=[org.apache.flume.source.taildir.TaildirSource]"), aliases);
    }
}
