package io.sluice.runtime.routing;

import io.sluice.api.Event;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Flume's default selector: every event to every channel; channels in {@code optional} may fail. */
public final class ReplicatingSelector implements ChannelSelector {
    static final ConfigKey<List<String>> OPTIONAL = ConfigKey.list("optional")
            .doc("Channels (of the source's own) whose write failures are logged and counted instead of failing the batch.");

    public static final ComponentSpec<SelectorContext, ChannelSelector> SPEC = ComponentSpec
            .<SelectorContext, ChannelSelector>builder(Kind.SELECTOR, "replicating", ReplicatingSelector::new)
            .flumeClass("org.apache.flume.channel.ReplicatingChannelSelector")
            .doc("Writes every event to every channel of the source. The default selector.")
            .keys(OPTIONAL)
            .build();

    private final int[] required;
    private final int[] optional;

    ReplicatingSelector(SelectorContext ctx) {
        List<String> optionalNames = ctx.settings().get(OPTIONAL);
        List<String> channels = ctx.channels();
        // An unknown name here is refused: Flume accepts it and then fails every batch after the commit.
        this.optional = optionalNames == null ? new int[0]
                : Arrays.stream(ChannelIndexes.of(optionalNames, channels, OPTIONAL.name())).distinct().toArray();
        this.required = ChannelIndexes.minus(IntStream.range(0, channels.size()).toArray(), optional);
    }

    @Override
    public int[] required(Event event) {
        return required;
    }

    @Override
    public int[] optional(Event event) {
        return optional;
    }

    @Override
    public boolean isStatic() {
        return true;
    }
}
