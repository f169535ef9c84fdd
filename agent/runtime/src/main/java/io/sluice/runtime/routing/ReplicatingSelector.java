package io.sluice.runtime.routing;

import io.sluice.api.Event;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.SettingsProblem;
import java.util.ArrayList;
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
        List<SettingsProblem> problems = check(ctx);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).message());
        }
        List<String> optionalNames = ctx.settings().get(OPTIONAL);
        List<String> channels = ctx.channels();
        this.optional = optionalNames == null ? new int[0]
                : optionalNames.stream().mapToInt(channels::indexOf).filter(i -> i >= 0).distinct().toArray();
        List<Integer> req = new ArrayList<>();
        IntStream.range(0, channels.size()).filter(i -> optionalNames == null || !optionalNames.contains(channels.get(i)))
                .forEach(req::add);
        this.required = req.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Names in {@code optional} that are not channels of the source (Flume NPEs on every batch later). */
    static List<SettingsProblem> check(SelectorContext ctx) {
        List<String> optionalNames = ctx.settings().get(OPTIONAL);
        if (optionalNames == null) {
            return List.of();
        }
        return optionalNames.stream().filter(n -> !ctx.channels().contains(n))
                .map(n -> new SettingsProblem(OPTIONAL.name(), "optional channel '" + n
                        + "' is not one of the source's channels " + ctx.channels()))
                .toList();
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
