package io.sluice.runtime.interceptors;

import io.sluice.api.Event;
import io.sluice.api.EventInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import java.util.UUID;

/**
 * Flume's UUID interceptor (spec §9.7): a random (version 4) UUID per event, with an optional
 * prefix. Flume has no alias for it (only its class name); Sluice accepts {@code uuid} too. Thread-safe.
 */
public final class UuidInterceptor implements EventInterceptor {
    static final ConfigKey<String> HEADER_NAME = ConfigKey.string("headerName").defaultValue("id")
            .check(Check.notBlank()).doc("Header to write.");
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting").defaultValue(true)
            .doc("Leave the header alone when the event already has it, so a retried batch keeps its ids.");
    static final ConfigKey<String> PREFIX = ConfigKey.string("prefix").defaultValue("").doc("Text put before the UUID.");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("uuid", UuidInterceptor::new)
            .flumeClass("org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder")
            .doc("Sets a header to a random UUID, so events can be told apart downstream.")
            .keys(HEADER_NAME, PRESERVE_EXISTING, PREFIX)
            .build();

    private final String header;
    private final boolean preserveExisting;
    private final String prefix;

    UuidInterceptor(InterceptorContext ctx) {
        this.header = ctx.settings().get(HEADER_NAME);
        this.preserveExisting = ctx.settings().get(PRESERVE_EXISTING);
        this.prefix = ctx.settings().get(PREFIX);
    }

    @Override
    public boolean intercept(Event e) {
        if (!(preserveExisting && e.hasHeader(header))) {
            e.putHeader(header, prefix + UUID.randomUUID());
        }
        return true;
    }
}
