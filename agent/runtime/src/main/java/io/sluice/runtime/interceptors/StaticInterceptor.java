package io.sluice.runtime.interceptors;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import java.util.List;

/** Flume's static interceptor (spec §9.5): one fixed header on every event. Thread-safe. */
public final class StaticInterceptor implements Interceptor {
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

    private final String key;
    private final String value;
    private final boolean preserveExisting;

    StaticInterceptor(InterceptorContext ctx) {
        this.key = ctx.settings().get(KEY);
        this.value = ctx.settings().get(VALUE);
        this.preserveExisting = ctx.settings().get(PRESERVE_EXISTING);
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        Event.putHeaderAll(events, key, value, preserveExisting);
        return events;
    }
}
