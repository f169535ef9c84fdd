package io.sluice.runtime.interceptors;

import io.sluice.api.Event;
import io.sluice.api.EventInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.api.config.ValueType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flume's search_replace interceptor (spec §9.8): replaces every match of a regex in the body.
 * Unlike Flume, a body without a match keeps its bytes as they are (Flume re-encodes it, corrupting
 * binary data), and a replacement naming a group the pattern lacks is refused at start-up instead of
 * failing every matching batch. Thread-safe.
 */
public final class SearchReplaceInterceptor implements EventInterceptor {
    static final ConfigKey<Pattern> SEARCH_PATTERN = ConfigKey.regex("searchPattern").required()
            .doc("Java regex to search for in the body.");
    static final ConfigKey<String> REPLACE_STRING = ConfigKey.string("replaceString").defaultValue("")
            .doc("Replacement, with $1 or ${name} group references as in Java's Matcher.replaceAll.");
    static final ConfigKey<Charset> CHARSET = ConfigKey.of("charset", ValueType.CHARSET).defaultValue(StandardCharsets.UTF_8)
            .doc("Charset the body is decoded and re-encoded with.");

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("search_replace", SearchReplaceInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder")
            .doc("Replaces every match of a regex in the event body.")
            .keys(SEARCH_PATTERN, REPLACE_STRING, CHARSET)
            .crossCheck(SearchReplaceInterceptor::checkReplacement)
            .build();

    private final Pattern pattern;
    private final String replacement;
    private final Charset charset;

    SearchReplaceInterceptor(InterceptorContext ctx) {
        this.pattern = ctx.settings().get(SEARCH_PATTERN);
        this.replacement = ctx.settings().get(REPLACE_STRING);
        this.charset = ctx.settings().get(CHARSET);
    }

    /** Runs the replacement once against the pattern's groups, so a bad group reference fails at start-up. */
    private static List<SettingsProblem> checkReplacement(Settings s) {
        Pattern p = s.get(SEARCH_PATTERN);
        if (p == null) {
            return List.of();
        }
        try {
            Pattern.compile("(?:" + p.pattern() + ")|", p.flags()).matcher("").replaceAll(s.get(REPLACE_STRING));
            return List.of();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return List.of(new SettingsProblem(REPLACE_STRING.name(), "'" + s.get(REPLACE_STRING)
                    + "' is not a valid replacement for " + p.pattern() + ": " + e.getMessage()));
        }
    }

    @Override
    public boolean intercept(Event e) {
        Matcher m = pattern.matcher(new String(e.body(), charset));
        if (m.find()) {
            e.setBody(m.replaceAll(replacement).getBytes(charset));
        }
        return true;
    }
}
