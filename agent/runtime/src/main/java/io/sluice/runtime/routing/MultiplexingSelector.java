package io.sluice.runtime.routing;

import io.sluice.api.Event;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flume's multiplexing selector (spec §6.3): the value of one header picks the channels. An exact,
 * case-sensitive value with a {@code mapping.<value>} goes to those channels; an absent, blank or
 * unmapped value goes to {@code default}; {@code optional.<value>} adds optional channels, minus any
 * that are already required for that value. Immutable and thread-safe.
 */
public final class MultiplexingSelector implements ChannelSelector {
    static final ConfigKey<String> HEADER = ConfigKey.string("header").defaultValue("flume.selector.header")
            .doc("Header whose value chooses the channels.");
    static final ConfigKey<List<String>> DEFAULT = ConfigKey.list("default")
            .doc("Required channels for events whose header is absent, blank or has no mapping.");
    static final String MAPPING = "mapping.";
    static final String OPTIONAL = "optional.";

    public static final ComponentSpec<SelectorContext, ChannelSelector> SPEC = ComponentSpec
            .<SelectorContext, ChannelSelector>builder(Kind.SELECTOR, "multiplexing", MultiplexingSelector::new)
            .flumeClass("org.apache.flume.channel.MultiplexingChannelSelector")
            .doc("Routes each event by the value of one header: mapping.<value> lists the required channels for that "
                    + "value, optional.<value> optional ones, default the channels for absent or unmapped values.")
            .keys(HEADER, DEFAULT)
            .prefix(MAPPING)
            .prefix(OPTIONAL)
            .build();

    private static final int[] NONE = new int[0];

    private final String header;
    private final int[] defaultChannels;
    private final Map<String, int[]> required = new HashMap<>();
    private final Map<String, int[]> optional = new HashMap<>();

    MultiplexingSelector(SelectorContext ctx) {
        List<String> channels = ctx.channels();
        this.header = ctx.settings().get(HEADER);
        List<String> defaults = ctx.settings().get(DEFAULT);
        this.defaultChannels = defaults == null ? NONE : ChannelIndexes.of(defaults, channels, DEFAULT.name());
        ctx.settings().subset(MAPPING).forEach((value, list) -> {
            List<String> names = ValueType.LIST.parse(list);
            if (names.isEmpty()) {
                throw new InvalidSettingException(MAPPING + value, "no channel given for header value '" + value + "'");
            }
            required.put(value, ChannelIndexes.of(names, channels, MAPPING + value));
        });
        ctx.settings().subset(OPTIONAL).forEach((value, list) -> {
            int[] opt = ChannelIndexes.of(ValueType.LIST.parse(list), channels, OPTIONAL + value);
            optional.put(value, ChannelIndexes.minus(opt, required.getOrDefault(value, defaultChannels)));
        });
    }

    @Override
    public int[] required(Event event) {
        String value = event.header(header);
        if (value == null || value.isBlank()) {
            return defaultChannels;
        }
        return required.getOrDefault(value, defaultChannels);
    }

    @Override
    public int[] optional(Event event) {
        String value = event.header(header);
        return value == null ? NONE : optional.getOrDefault(value, NONE);
    }
}
