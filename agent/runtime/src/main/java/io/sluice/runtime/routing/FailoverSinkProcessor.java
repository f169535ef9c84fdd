package io.sluice.runtime.routing;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.runtime.FailureLog;
import io.sluice.runtime.routing.SinkProcessorContext.NamedSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's failover processor (spec §7.4): the live sink with the highest priority does the work; a
 * sink that throws is penalised (2 s, 4 s, 8 s … up to {@code maxpenalty}) and the next one takes
 * over in the same call; a penalised sink is tried again once its penalty expires and rejoins the
 * live pool when it does not throw. Sinks without a priority get -1, -2, … in file order. Used by
 * one runner thread only.
 */
public final class FailoverSinkProcessor implements SinkProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverSinkProcessor.class);
    static final ConfigKey<Integer> MAX_PENALTY = ConfigKey.integer("maxpenalty").defaultValue(30000).check(Check.atLeast(0))
            .doc("Longest time, in milliseconds, a failed sink waits before it is tried again.");
    static final String PRIORITY = "priority.";

    public static final ComponentSpec<SinkProcessorContext, SinkProcessor> SPEC = ComponentSpec
            .<SinkProcessorContext, SinkProcessor>builder(Kind.SINK_PROCESSOR, "failover", FailoverSinkProcessor::new)
            .flumeClass("org.apache.flume.sink.FailoverSinkProcessor")
            .doc("Sends everything to the highest-priority working sink of the group and fails over to the next "
                    + "when it throws. priority.<sink> sets a sink's priority (larger is preferred).")
            .keys(MAX_PENALTY)
            .prefix(PRIORITY)
            .build();

    private static final class Member {
        final NamedSink sink;
        final int priority;
        final FailureLog failureLog;
        int failures;
        long retryAtMillis;

        Member(NamedSink sink, int priority) {
            this.sink = sink;
            this.priority = priority;
            this.failureLog = new FailureLog(LOG, "Sink " + sink.name() + " of a failover group");
        }
    }

    private final long maxPenaltyMillis;
    private final LongSupplier clock;
    private final TreeMap<Integer, Member> live = new TreeMap<>(Comparator.reverseOrder());
    private final PriorityQueue<Member> penalised = new PriorityQueue<>(Comparator.comparingLong(m -> m.retryAtMillis));

    FailoverSinkProcessor(SinkProcessorContext ctx) {
        this(ctx, System::currentTimeMillis);
    }

    FailoverSinkProcessor(SinkProcessorContext ctx, LongSupplier clock) {
        this.maxPenaltyMillis = ctx.settings().get(MAX_PENALTY);
        this.clock = clock;
        Map<String, String> explicit = ctx.settings().subset(PRIORITY);
        List<String> names = ctx.sinks().stream().map(NamedSink::name).toList();
        for (String name : explicit.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidSettingException(PRIORITY + name, "'" + name + "' is not a sink of this group " + names);
            }
        }
        Map<Integer, String> byPriority = new HashMap<>();
        int auto = -1;
        for (NamedSink sink : ctx.sinks()) {
            int priority;
            String text = explicit.get(sink.name());
            if (text != null) {
                try {
                    priority = Integer.parseInt(text.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidSettingException(PRIORITY + sink.name(), "= " + text + ": is not a whole number");
                }
            } else {
                priority = auto--;
            }
            String clash = byPriority.putIfAbsent(priority, sink.name());
            if (clash != null) {
                throw new InvalidSettingException(PRIORITY + sink.name(), "sink '" + sink.name() + "' has priority " + priority
                        + ", the same as sink '" + clash + "' (Flume would silently never use one of them)");
            }
            live.put(priority, new Member(sink, priority));
        }
    }

    @Override
    public Status process() throws EventDeliveryException {
        long now = clock.getAsLong();
        while (!penalised.isEmpty() && penalised.peek().retryAtMillis <= now) {
            Member m = penalised.poll();
            try {
                Status status = m.sink.sink().process();
                m.failures = 0;
                m.failureLog.succeeded();
                live.put(m.priority, m);
                LOG.info("Sink {} works again and is back in its failover group", m.sink.name());
                return status;
            } catch (Exception e) {
                penalise(m, e, now);
            }
        }
        while (!live.isEmpty()) {
            Member active = live.firstEntry().getValue();
            try {
                return active.sink.sink().process();
            } catch (Exception e) {
                live.pollFirstEntry();
                penalise(active, e, now);
                if (!live.isEmpty()) {
                    LOG.warn("Sink {} failed; failing over to sink {}", active.sink.name(), live.firstEntry().getValue().sink.name());
                }
            }
        }
        throw new EventDeliveryException("All sinks failed to process, nothing left to failover to");
    }

    private void penalise(Member m, Exception cause, long now) {
        m.failures++;
        m.failureLog.failed(cause);
        // 64-bit with a capped exponent: Flume's int arithmetic overflows after 21 failures.
        long penalty = Math.min(maxPenaltyMillis, 1000L << Math.min(m.failures, 30));
        m.retryAtMillis = now + penalty;
        penalised.add(m);
    }

    /** Names of the sinks currently in the live pool, best first (for tests and logs). */
    List<String> liveSinks() {
        List<String> out = new ArrayList<>();
        live.values().forEach(m -> out.add(m.sink.name()));
        return out;
    }
}
