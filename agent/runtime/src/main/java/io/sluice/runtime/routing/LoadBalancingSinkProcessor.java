package io.sluice.runtime.routing;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.ValueType;
import io.sluice.runtime.FailureLog;
import io.sluice.runtime.routing.SinkProcessorContext.NamedSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's load-balancing processor (spec §7.5): each call gives the work to the next sink in turn
 * ({@code round_robin}) or a random one, and tries the others in order when it throws. With
 * {@code backoff}, a failing sink sits out 2 s, 4 s, … up to {@code selector.maxTimeOut}. Used by one
 * runner thread only.
 */
public final class LoadBalancingSinkProcessor implements SinkProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingSinkProcessor.class);
    private static final long QUIET_RESET_MILLIS = 3_600_000L;

    static final ConfigKey<Boolean> BACKOFF = ConfigKey.bool("backoff").defaultValue(false)
            .doc("Take a sink that throws out of the rotation for an exponentially growing time.");
    static final ConfigKey<String> SELECTOR = ConfigKey.of("selector", ValueType.oneOf("round_robin", "random"))
            .defaultValue("ROUND_ROBIN").doc("Order in which sinks get the work: round_robin or random.");
    static final ConfigKey<Long> MAX_TIMEOUT = ConfigKey.longKey("selector.maxTimeOut").defaultValue(30000L)
            .check(Check.atLeast(0L)).doc("Longest backoff of a failed sink, in milliseconds (0 means the default 30000).");

    public static final ComponentSpec<SinkProcessorContext, SinkProcessor> SPEC = ComponentSpec
            .<SinkProcessorContext, SinkProcessor>builder(Kind.SINK_PROCESSOR, "load_balance", LoadBalancingSinkProcessor::new)
            .flumeClass("org.apache.flume.sink.LoadBalancingSinkProcessor")
            .doc("Spreads batches over the sinks of the group, in turn or at random, skipping sinks that fail.")
            .keys(BACKOFF, SELECTOR, MAX_TIMEOUT)
            .build();

    private static final class Member {
        final NamedSink sink;
        final FailureLog failureLog;
        int sequentialFailures;
        long lastFailureMillis;
        long backoffUntilMillis;

        Member(NamedSink sink) {
            this.sink = sink;
            this.failureLog = new FailureLog(LOG, "Sink " + sink.name() + " of a load-balancing group");
        }
    }

    private final List<Member> members = new ArrayList<>();
    private final boolean backoff;
    private final boolean random;
    private final long maxTimeoutMillis;
    private final LongSupplier clock;
    private int nextStart;

    LoadBalancingSinkProcessor(SinkProcessorContext ctx) {
        this(ctx, System::currentTimeMillis);
    }

    LoadBalancingSinkProcessor(SinkProcessorContext ctx, LongSupplier clock) {
        if (ctx.sinks().size() < 2) {
            throw new InvalidSettingException("type", "load_balance needs at least two sinks; group '" + ctx.groupName()
                    + "' has " + ctx.sinks().size());
        }
        ctx.sinks().forEach(s -> members.add(new Member(s)));
        this.backoff = ctx.settings().get(BACKOFF);
        this.random = ctx.settings().get(SELECTOR).equals("RANDOM");
        long max = ctx.settings().get(MAX_TIMEOUT);
        this.maxTimeoutMillis = max == 0 ? 30000 : max;
        this.clock = clock;
    }

    @Override
    public Status process() throws EventDeliveryException {
        long now = clock.getAsLong();
        List<Member> order = order(now);
        for (Member m : order) {
            try {
                Status status = m.sink.sink().process();
                m.failureLog.succeeded();
                return status;
            } catch (Exception e) {
                m.failureLog.failed(e);
                if (backoff) {
                    penalise(m, now);
                }
            }
        }
        throw new EventDeliveryException("All configured sinks have failed");
    }

    private List<Member> order(long now) {
        List<Member> selectable = new ArrayList<>(members.size());
        for (Member m : members) {
            if (!backoff || m.backoffUntilMillis <= now) {
                selectable.add(m);
            }
        }
        if (selectable.isEmpty()) {
            return selectable;
        }
        if (random) {
            Collections.shuffle(selectable, ThreadLocalRandom.current());
            return selectable;
        }
        int start = nextStart++ % selectable.size();
        if (nextStart < 0) {
            nextStart = 0;
        }
        Collections.rotate(selectable, -start);
        return selectable;
    }

    private void penalise(Member m, long now) {
        long currentBackoff = Math.max(0, m.backoffUntilMillis - m.lastFailureMillis);
        boolean sequential = m.lastFailureMillis > 0 && now - m.lastFailureMillis <= currentBackoff + QUIET_RESET_MILLIS;
        m.sequentialFailures = sequential ? Math.min(16, m.sequentialFailures + 1) : 1;
        m.lastFailureMillis = now;
        m.backoffUntilMillis = now + Math.min(maxTimeoutMillis, 1000L << m.sequentialFailures);
    }
}
