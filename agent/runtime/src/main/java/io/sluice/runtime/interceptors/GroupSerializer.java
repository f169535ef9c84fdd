package io.sluice.runtime.interceptors;

import io.sluice.api.config.SettingsProblem;
import java.util.Map;
import org.joda.time.DateTimeZone;
import org.joda.time.format.DateTimeFormat;
import org.joda.time.format.DateTimeFormatter;

/**
 * Turns one regex_extractor capture group into a header value: as is (Flume's DEFAULT
 * pass-through), or a date parsed with a Joda-Time pattern into epoch milliseconds (Flume's millis
 * serializer, in the process's time zone unless {@code timeZone} is set). Immutable.
 */
record GroupSerializer(String header, DateTimeFormatter millisFormat) {
    static final String PASS_THROUGH_CLASS = "org.apache.flume.interceptor.RegexExtractorInterceptorPassThroughSerializer";
    static final String MILLIS_CLASS = "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer";

    static GroupSerializer of(Map<String, String> conf) {
        String header = conf.get("name").trim();
        if (!isMillis(conf)) {
            return new GroupSerializer(header, null);
        }
        DateTimeFormatter format = DateTimeFormat.forPattern(conf.get("pattern"));
        String zone = conf.get("timeZone");
        format = format.withZone(zone == null ? DateTimeZone.getDefault() : DateTimeZone.forID(zone.trim()));
        return new GroupSerializer(header, format);
    }

    /** What is wrong with the settings of the serializer under {@code prefix} ({@code serializers.<id>.}), or null. */
    static SettingsProblem check(String prefix, Map<String, String> conf) {
        String name = conf.get("name");
        if (name == null || name.isBlank()) {
            return new SettingsProblem(prefix + "name", "is required (the header this capture group is written to)");
        }
        String type = conf.get("type");
        if (type != null && !type.trim().equalsIgnoreCase("DEFAULT") && !type.trim().equals(PASS_THROUGH_CLASS)
                && !type.trim().equals(MILLIS_CLASS)) {
            return new SettingsProblem(prefix + "type", "'" + type + "' is not DEFAULT, " + PASS_THROUGH_CLASS + " or "
                    + MILLIS_CLASS + " (custom serializer classes are not supported yet)");
        }
        if (!isMillis(conf)) {
            return null;
        }
        String pattern = conf.get("pattern");
        if (pattern == null || pattern.isBlank()) {
            return new SettingsProblem(prefix + "pattern",
                    "is required by the millisecond serializer (a Joda-Time pattern such as yyyy-MM-dd HH:mm)");
        }
        try {
            DateTimeFormat.forPattern(pattern);
        } catch (IllegalArgumentException e) {
            return new SettingsProblem(prefix + "pattern", "'" + pattern + "' is not a valid Joda-Time pattern: " + e.getMessage());
        }
        String zone = conf.get("timeZone");
        if (zone != null) {
            try {
                DateTimeZone.forID(zone.trim());
            } catch (IllegalArgumentException e) {
                return new SettingsProblem(prefix + "timeZone", "'" + zone + "' is not a time zone id: " + e.getMessage());
            }
        }
        return null;
    }

    private static boolean isMillis(Map<String, String> conf) {
        String type = conf.get("type");
        return type != null && type.trim().equals(MILLIS_CLASS);
    }

    /** The header value for a group's text; throws IllegalArgumentException when the text does not parse. */
    String serialize(String text) {
        return millisFormat == null ? text : Long.toString(millisFormat.parseMillis(text));
    }
}
