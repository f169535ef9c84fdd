package io.sluice.runtime.interceptors;

import io.sluice.api.Event;
import io.sluice.api.EventInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flume's remove_header interceptor (spec §9.6): removes a named header, a list of headers, and every
 * header whose whole name matches a regex; any combination. Thread-safe.
 */
public final class RemoveHeaderInterceptor implements EventInterceptor {
    static final ConfigKey<String> WITH_NAME = ConfigKey.string("withName").doc("Exact header name to remove.");
    static final ConfigKey<String> FROM_LIST = ConfigKey.string("fromList")
            .doc("Header names to remove, separated by fromListSeparator.");
    static final ConfigKey<Pattern> FROM_LIST_SEPARATOR = ConfigKey.regex("fromListSeparator")
            .defaultValue(Pattern.compile("\\s*,\\s*")).doc("Regex that separates the names in fromList.");
    static final ConfigKey<Pattern> MATCHING = ConfigKey.regex("matching")
            .doc("Regex; every header whose whole name matches it is removed.");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("remove_header", RemoveHeaderInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder")
            .doc("Removes headers by name, by list, or by a regex on the name.")
            .keys(WITH_NAME, FROM_LIST, FROM_LIST_SEPARATOR, MATCHING)
            .build();

    private final Set<String> names = new HashSet<>();
    private final Pattern matching;

    RemoveHeaderInterceptor(InterceptorContext ctx) {
        String withName = ctx.settings().get(WITH_NAME);
        if (withName != null) {
            names.add(withName);
        }
        String fromList = ctx.settings().get(FROM_LIST);
        if (fromList != null) {
            names.addAll(Arrays.asList(ctx.settings().get(FROM_LIST_SEPARATOR).split(fromList)));
        }
        this.matching = ctx.settings().get(MATCHING);
    }

    @Override
    public boolean intercept(Event e) {
        if (e.headerCount() == 0) {
            return true;
        }
        for (String name : new ArrayList<>(e.headers().keySet())) {
            if (names.contains(name) || (matching != null && matching.matcher(name).matches())) {
                e.removeHeader(name);
            }
        }
        return true;
    }
}
