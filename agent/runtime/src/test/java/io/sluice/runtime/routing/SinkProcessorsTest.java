package io.sluice.runtime.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.Status;
import io.sluice.runtime.routing.SinkProcessorContext.NamedSink;
import io.sluice.testkit.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failover and load-balancing processors with scripted sinks and a controlled clock. */
class SinkProcessorsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    /** A sink that records calls and fails while {@code failing} is true. */
    private static final class ScriptedSink implements Sink {
        final String name;
        boolean failing;
        int calls;
        int delivered;

        ScriptedSink(String name) {
            this.name = name;
        }

        @Override
        public Status process() throws EventDeliveryException {
            calls++;
            if (failing) {
                throw new EventDeliveryException(name + " is down");
            }
            delivered++;
            return Status.READY;
        }
    }

    private static SinkProcessorContext context(Map<String, String> conf, io.sluice.api.config.ComponentSpec<?, ?> spec,
                                                ScriptedSink... sinks) {
        List<NamedSink> named = new ArrayList<>();
        for (ScriptedSink s : sinks) {
            named.add(new NamedSink(s.name, s));
        }
        return new SinkProcessorContext("g1", Specs.settings(spec, conf), named);
    }

    @Test
    void failoverUsesTheHighestPriorityAndFailsOverInTheSameCall() throws Exception {
        ScriptedSink k1 = new ScriptedSink("k1");
        ScriptedSink k2 = new ScriptedSink("k2");
        FailoverSinkProcessor p = new FailoverSinkProcessor(context(Map.of("priority.k1", "5", "priority.k2", "10"),
                FailoverSinkProcessor.SPEC, k1, k2), now::get);
        p.process();
        assertEquals(1, k2.delivered);
        assertEquals(0, k1.calls);
        k2.failing = true;
        assertEquals(Status.READY, p.process());
        assertEquals(1, k1.delivered, "k1 took over in the same call");
        assertEquals(List.of("k1"), p.liveSinks());
    }

    @Test
    void failedSinkIsRetriedAfterItsPenaltyAndRejoinsWhenItWorks() throws Exception {
        ScriptedSink k1 = new ScriptedSink("k1");
        ScriptedSink k2 = new ScriptedSink("k2");
        FailoverSinkProcessor p = new FailoverSinkProcessor(context(Map.of("priority.k1", "10", "maxpenalty", "5000"),
                FailoverSinkProcessor.SPEC, k1, k2), now::get);
        k1.failing = true;
        p.process();
        assertEquals(1, k2.delivered);
        now.addAndGet(1999);
        p.process();
        assertEquals(1, k1.calls, "not retried before its 2 s penalty");
        now.addAndGet(2);
        p.process();
        assertEquals(2, k1.calls, "retried once the penalty expired, failed again");
        now.addAndGet(4001);
        k1.failing = false;
        p.process();
        assertEquals(1, k1.delivered);
        assertEquals(List.of("k1", "k2"), p.liveSinks(), "k1 is back and preferred again");
    }

    @Test
    void penaltyGrowsAndIsCappedWithoutOverflow() throws Exception {
        ScriptedSink k1 = new ScriptedSink("k1");
        ScriptedSink k2 = new ScriptedSink("k2");
        FailoverSinkProcessor p = new FailoverSinkProcessor(context(Map.of("priority.k1", "10", "maxpenalty", "30000"),
                FailoverSinkProcessor.SPEC, k1, k2), now::get);
        k1.failing = true;
        p.process();
        for (int i = 0; i < 40; i++) {
            now.addAndGet(30_001);
            p.process();
        }
        assertEquals(41, k1.calls, "retried each time its penalty (at most 30 s) expired");
        now.addAndGet(29_000);
        p.process();
        assertEquals(41, k1.calls, "after 41 failures the penalty is still the 30 s cap, not wrapped around");
        now.addAndGet(1_001);
        p.process();
        assertEquals(42, k1.calls);
    }

    @Test
    void failoverThrowsWhenEverySinkFails() {
        ScriptedSink k1 = new ScriptedSink("k1");
        ScriptedSink k2 = new ScriptedSink("k2");
        k1.failing = true;
        k2.failing = true;
        FailoverSinkProcessor p = new FailoverSinkProcessor(context(Map.of(), FailoverSinkProcessor.SPEC, k1, k2), now::get);
        assertThrows(EventDeliveryException.class, p::process);
    }

    @Test
    void failoverRefusesDuplicatePrioritiesIncludingAnAutomaticOne() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new FailoverSinkProcessor(
                context(Map.of("priority.k2", "-1"), FailoverSinkProcessor.SPEC, new ScriptedSink("k1"), new ScriptedSink("k2"))));
        assertEquals("priority.k2", e.key());
    }

    @Test
    void roundRobinSpreadsCallsExactlyEvenlyOverThreeSinks() throws Exception {
        ScriptedSink a = new ScriptedSink("a");
        ScriptedSink b = new ScriptedSink("b");
        ScriptedSink c = new ScriptedSink("c");
        LoadBalancingSinkProcessor p = new LoadBalancingSinkProcessor(context(Map.of(), LoadBalancingSinkProcessor.SPEC,
                a, b, c), now::get);
        for (int i = 0; i < 300; i++) {
            p.process();
        }
        assertEquals(List.of(100, 100, 100), List.of(a.delivered, b.delivered, c.delivered));
    }

    @Test
    void loadBalancingSkipsAFailingSinkAndWithBackoffStopsAskingIt() throws Exception {
        ScriptedSink a = new ScriptedSink("a");
        ScriptedSink b = new ScriptedSink("b");
        a.failing = true;
        LoadBalancingSinkProcessor plain = new LoadBalancingSinkProcessor(context(Map.of(), LoadBalancingSinkProcessor.SPEC,
                a, b), now::get);
        for (int i = 0; i < 10; i++) {
            plain.process();
        }
        assertEquals(10, b.delivered);
        assertEquals(5, a.calls, "without backoff the failing sink keeps its turn");

        ScriptedSink c = new ScriptedSink("c");
        ScriptedSink d = new ScriptedSink("d");
        c.failing = true;
        LoadBalancingSinkProcessor withBackoff = new LoadBalancingSinkProcessor(context(Map.of("backoff", "true"),
                LoadBalancingSinkProcessor.SPEC, c, d), now::get);
        for (int i = 0; i < 10; i++) {
            withBackoff.process();
        }
        assertEquals(1, c.calls, "backed off after its first failure");
        now.addAndGet(2001);
        withBackoff.process();
        withBackoff.process();
        assertEquals(2, c.calls, "asked again once its 2 s backoff is over");
    }

    @Test
    void loadBalancingWithEverySinkBackedOffReportsAllFailedForBothSelectors() throws Exception {
        for (String selector : List.of("round_robin", "random")) {
            ScriptedSink a = new ScriptedSink("a");
            ScriptedSink b = new ScriptedSink("b");
            a.failing = true;
            b.failing = true;
            LoadBalancingSinkProcessor p = new LoadBalancingSinkProcessor(context(Map.of("backoff", "true",
                    "selector", selector), LoadBalancingSinkProcessor.SPEC, a, b), now::get);
            assertThrows(EventDeliveryException.class, p::process);
            EventDeliveryException e = assertThrows(EventDeliveryException.class, p::process);
            assertEquals("All configured sinks have failed", e.getMessage());
        }
    }

    @Test
    void loadBalancingNeedsTwoSinks() {
        assertThrows(InvalidSettingException.class, () -> new LoadBalancingSinkProcessor(
                context(Map.of(), LoadBalancingSinkProcessor.SPEC, new ScriptedSink("a"))));
    }
}
