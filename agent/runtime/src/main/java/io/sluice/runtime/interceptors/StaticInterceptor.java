package io.sluice.runtime.interceptors;

import io.sluice.api.HeaderStamp;
import io.sluice.api.HeaderStampInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;

/** Flume's static interceptor (spec §9.5): one fixed header on every event. Thread-safe. */
public final class StaticInterceptor implements HeaderStampInterceptor {
    static final ConfigKey<String> KEY = ConfigKey.string("key").defaultValue("key").doc("Header name.");
    static final ConfigKey<String> VALUE = ConfigKey.string("value").defaultValue("value").doc("Header value.");
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting").defaultValue(true)
            .doc("Leave the header alone when the event already has it (note the default differs from timestamp and host).");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("static", StaticInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.StaticInterceptor$Builder")
            .doc("Sets one fixed header on every event; chain several for several headers.")
            .keys(KEY, VALUE, PRESERVE_EXISTING)
            .build();

    private final HeaderStamp stamp;

    StaticInterceptor(InterceptorContext ctx) {
        this.stamp = new HeaderStamp(ctx.settings().get(KEY), ctx.settings().get(VALUE),
                ctx.settings().get(PRESERVE_EXISTING));
    }

    @Override
    public HeaderStamp stampForBatch() {
        return stamp;
    }
}
