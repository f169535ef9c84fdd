package io.sluice.runtime.routing;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.Status;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.Kind;

/** Runs exactly one sink: what every sink outside a sink group gets. */
public final class DefaultSinkProcessor implements SinkProcessor {
    public static final ComponentSpec<SinkProcessorContext, SinkProcessor> SPEC = ComponentSpec
            .<SinkProcessorContext, SinkProcessor>builder(Kind.SINK_PROCESSOR, "default", DefaultSinkProcessor::new)
            .flumeClass("org.apache.flume.sink.DefaultSinkProcessor")
            .doc("Runs a single sink. Every sink outside a sink group runs this way.")
            .build();

    private final Sink sink;

    DefaultSinkProcessor(SinkProcessorContext ctx) {
        if (ctx.sinks().size() != 1) {
            throw new InvalidSettingException("type", "the default processor runs exactly one sink, but group '"
                    + ctx.groupName() + "' has " + ctx.sinks().size() + "; use failover or load_balance");
        }
        this.sink = ctx.sinks().get(0).sink();
    }

    @Override
    public Status process() throws EventDeliveryException {
        return sink.process();
    }
}
