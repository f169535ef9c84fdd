package io.sluice.sinks.hdfs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code hdfs.round}, {@code hdfs.roundValue}, {@code hdfs.roundUnit}: rounds a timestamp down to a
 * multiple of {@code value} units within the next larger unit, in the sink's time zone, and zeroes the
 * smaller fields, as Flume's {@code TimestampRoundDownUtil} does (10 minutes: 11:54:34 gives 11:50:00;
 * 7 minutes gives 0, 7, ..., 56 and starts again at the hour). Immutable.
 */
public record Rounding(ChronoUnit unit, int value) {
    public static final Rounding NONE = new Rounding(null, 1);

    /** The largest roundValue each unit accepts (Flume's checks). */
    static int maxValue(String unit) {
        return unit.toLowerCase(Locale.ENGLISH).equals("hour") ? 24 : 60;
    }

    static Rounding of(boolean round, String unit, int value) {
        if (!round) {
            return NONE;
        }
        ChronoUnit u = switch (unit.toLowerCase(Locale.ENGLISH)) {
            case "second" -> ChronoUnit.SECONDS;
            case "minute" -> ChronoUnit.MINUTES;
            case "hour" -> ChronoUnit.HOURS;
            default -> throw new IllegalArgumentException("roundUnit must be second, minute or hour: " + unit);
        };
        return new Rounding(u, value);
    }

    long roundDown(long millis, ZoneId zone) {
        if (unit == null) {
            return millis;
        }
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(zone).truncatedTo(unit);
        ChronoField field = switch (unit) {
            case SECONDS -> ChronoField.SECOND_OF_MINUTE;
            case MINUTES -> ChronoField.MINUTE_OF_HOUR;
            default -> ChronoField.HOUR_OF_DAY;
        };
        int v = t.get(field);
        return t.with(field, v - v % value).toInstant().toEpochMilli();
    }
}
