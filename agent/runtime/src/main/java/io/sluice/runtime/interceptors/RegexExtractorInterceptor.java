package io.sluice.runtime.interceptors;

import io.sluice.api.Event;
import io.sluice.api.EventInterceptor;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's regex_extractor interceptor (spec §9.10): on the first match in the body, capture group i
 * is written to the header named by the i-th serializer. Unlike Flume, a group that did not take
 * part in the match sets no header (Flume sets a null that breaks serialisation later), and a value
 * a serializer cannot convert leaves its header unset with a rate-limited warning instead of failing
 * the batch forever. Thread-safe.
 */
public final class RegexExtractorInterceptor implements EventInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RegexExtractorInterceptor.class);
    private static final long WARN_INTERVAL_NANOS = 30_000_000_000L;

    static final ConfigKey<Pattern> REGEX = ConfigKey.regex("regex").required()
            .doc("Java regex searched for in the body (UTF-8); its capture groups feed the serializers.");
    static final ConfigKey<List<String>> SERIALIZERS = ConfigKey.list("serializers").required()
            .doc("Serializer ids, one per capture group in order; each needs serializers.<id>.name.");
    static final String SERIALIZER_PREFIX = "serializers.";

    public static final ComponentSpec<InterceptorContext, Interceptor> SPEC = ComponentSpec
            .interceptor("regex_extractor", RegexExtractorInterceptor::new)
            .flumeClass("org.apache.flume.interceptor.RegexExtractorInterceptor$Builder")
            .doc("Copies regex capture groups of the body into headers. serializers.<id>.name names the header, "
                    + "serializers.<id>.type is DEFAULT (the text as is) or the millisecond serializer (class "
                    + "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer) with "
                    + "serializers.<id>.pattern, a Joda-Time date pattern, and optionally serializers.<id>.timeZone.")
            .keys(REGEX, SERIALIZERS)
            .prefix(SERIALIZER_PREFIX)
            .crossCheck(RegexExtractorInterceptor::checkSerializers)
            .build();

    private final Pattern regex;
    private final List<GroupSerializer> serializers = new ArrayList<>();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final String where;

    RegexExtractorInterceptor(InterceptorContext ctx) {
        this.regex = ctx.settings().get(REGEX);
        this.where = "regex_extractor " + ctx.name() + " of source " + ctx.sourceName();
        for (String id : ctx.settings().get(SERIALIZERS)) {
            serializers.add(GroupSerializer.of(ctx.settings().subset(SERIALIZER_PREFIX + id + ".")));
        }
    }

    private static List<SettingsProblem> checkSerializers(Settings s) {
        List<SettingsProblem> problems = new ArrayList<>();
        List<String> ids = s.get(SERIALIZERS);
        if (ids == null) {
            return problems;
        }
        for (String id : ids) {
            String prefix = SERIALIZER_PREFIX + id + ".";
            SettingsProblem problem = GroupSerializer.check(prefix, s.subset(prefix));
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    @Override
    public boolean intercept(Event e) {
        Matcher m = regex.matcher(new String(e.body(), StandardCharsets.UTF_8));
        if (!m.find()) {
            return true;
        }
        int groups = Math.min(m.groupCount(), serializers.size());
        for (int g = 1; g <= groups; g++) {
            String text = m.group(g);
            if (text == null) {
                continue;
            }
            GroupSerializer serializer = serializers.get(g - 1);
            try {
                e.putHeader(serializer.header(), serializer.serialize(text));
            } catch (IllegalArgumentException ex) {
                failed(serializer, text, ex);
            }
        }
        return true;
    }

    private void failed(GroupSerializer serializer, String text, IllegalArgumentException cause) {
        failures.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("{}: cannot convert '{}' for header {} ({}); the header is left unset ({} such events so far)",
                    where, text, serializer.header(), cause.getMessage(), failures.sum());
        }
    }

    /** Values the serializers could not convert since start (also in the rate-limited warnings). */
    long conversionFailures() {
        return failures.sum();
    }
}
