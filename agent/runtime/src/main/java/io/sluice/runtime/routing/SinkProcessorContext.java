package io.sluice.runtime.routing;

import io.sluice.api.Sink;
import io.sluice.api.config.Settings;
import java.util.List;

/** What a sink processor is built from: its group, its {@code processor.*} settings and its sinks in file order. */
public record SinkProcessorContext(String groupName, Settings settings, List<NamedSink> sinks) {

    /** A sink of the group with its configured name. */
    public record NamedSink(String name, Sink sink) {
    }
}
