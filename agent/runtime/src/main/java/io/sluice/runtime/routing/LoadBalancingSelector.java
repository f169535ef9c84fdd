package io.sluice.runtime.routing;

import io.sluice.api.Event;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.ValueType;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flume's load-balancing channel selector (spec §6.4): each event goes to exactly one of the
 * source's channels, in turn ({@code round_robin}) or at random. No optional channels. Thread-safe.
 */
public final class LoadBalancingSelector implements ChannelSelector {
    static final ConfigKey<String> POLICY = ConfigKey.of("policy", ValueType.oneOf("round_robin", "random"))
            .defaultValue("ROUND_ROBIN").doc("How the channel of each event is chosen: round_robin or random.");

    public static final ComponentSpec<SelectorContext, ChannelSelector> SPEC = ComponentSpec
            .<SelectorContext, ChannelSelector>builder(Kind.SELECTOR, "load_balancing", LoadBalancingSelector::new)
            .flumeClass("org.apache.flume.channel.LoadBalancingChannelSelector")
            .doc("Spreads events over the source's channels, one channel per event.")
            .keys(POLICY)
            .build();

    private static final int[] NONE = new int[0];

    private final int[][] single;
    private final boolean random;
    private final AtomicLong next = new AtomicLong();

    LoadBalancingSelector(SelectorContext ctx) {
        int n = ctx.channels().size();
        this.single = new int[n][];
        for (int i = 0; i < n; i++) {
            single[i] = new int[] {i};
        }
        this.random = ctx.settings().get(POLICY).equals("RANDOM");
    }

    @Override
    public int[] required(Event event) {
        int idx = random ? ThreadLocalRandom.current().nextInt(single.length)
                : (int) Math.floorMod(next.getAndIncrement(), (long) single.length);
        return single[idx];
    }

    @Override
    public int[] optional(Event event) {
        return NONE;
    }
}
