package io.sluice.runtime.interceptors;

import io.sluice.api.Event;
import io.sluice.api.EventInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Flume's regex_filter interceptor (spec §9.9): keeps (or, with excludeEvents, drops) events whose
 * body contains a match. Bodies are read as UTF-8 (Flume uses the host's default charset). Thread-safe.
 */
public final class RegexFilterInterceptor implements EventInterceptor {
    static final ConfigKey<Pattern> REGEX = ConfigKey.regex("regex").defaultValue(Pattern.compile(".*"))
            .doc("Java regex searched for anywhere in the body.");
    static final ConfigKey<Boolean> EXCLUDE_EVENTS = ConfigKey.bool("excludeEvents").defaultValue(false)
            .doc("false: keep only events that match; true: drop events that match.");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("regex_filter", RegexFilterInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.RegexFilteringInterceptor$Builder")
            .doc("Keeps or drops events by a regex on the body.")
            .keys(REGEX, EXCLUDE_EVENTS)
            .build();

    private final Pattern regex;
    private final boolean exclude;

    RegexFilterInterceptor(InterceptorContext ctx) {
        this.regex = ctx.settings().get(REGEX);
        this.exclude = ctx.settings().get(EXCLUDE_EVENTS);
    }

    @Override
    public boolean intercept(Event e) {
        return regex.matcher(new String(e.body(), StandardCharsets.UTF_8)).find() != exclude;
    }
}
