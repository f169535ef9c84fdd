package io.sluice.sinks.hdfs;

import io.sluice.api.Event;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code hdfs.path} or {@code hdfs.filePrefix} with Flume's escape sequences (spec §8.5,
 * Flume's {@code BucketPath}), parsed once and resolved per event:
 *
 * <pre>
 * %{name}                  header value (missing header: empty)
 * %t                       the event's timestamp in milliseconds, not rounded
 * %a %A %b %B %c %d %D %e  weekday, month, date and time fields of the (rounded) timestamp in hdfs.timeZone
 * %H %I %j %k %l %m %M %n
 * %p %s %S %y %Y %z
 * %%                       a literal %
 * %[localhost] %[IP] %[IPaddress] %[FQDN]   this host's name, address, canonical name
 * </pre>
 *
 * Another letter after {@code %} gives the empty string, as in Flume. An unknown {@code %[...]} is
 * refused when the template is parsed (Flume fails every event). Unlike Flume, {@code %%} and unknown
 * letters need no timestamp, and one event's path and prefix are resolved from one clock reading.
 *
 * <p>A header value that contains {@code /} or {@code \}, or is {@code .} or {@code ..}, could move
 * the file out of the configured directory: {@link #resolve} reports it instead of using it.
 *
 * <p>Immutable apart from a one-second cache of formatted time fields, which makes an instance
 * confined to one thread (the sink's); {@link #copy()} gives another thread its own.
 */
public final class PathTemplate {

    /** Flume's token grammar: {@code %x}, {@code %{name}}, {@code %[word]}. */
    private static final Pattern TOKEN = Pattern.compile("%(\\w|%)|%\\{([\\w.-]+)\\}|%\\[(\\w+)\\]");

    private static final Map<Character, String> TIME_PATTERNS = Map.ofEntries(
            Map.entry('a', "EEE"), Map.entry('A', "EEEE"), Map.entry('b', "MMM"), Map.entry('B', "MMMM"),
            Map.entry('c', "EEE MMM d HH:mm:ss yyyy"), Map.entry('d', "dd"), Map.entry('D', "MM/dd/yy"),
            Map.entry('e', "d"), Map.entry('H', "HH"), Map.entry('I', "hh"), Map.entry('j', "DDD"),
            Map.entry('k', "H"), Map.entry('l', "h"), Map.entry('m', "MM"), Map.entry('M', "mm"),
            Map.entry('n', "M"), Map.entry('p', "a"), Map.entry('S', "ss"), Map.entry('y', "yy"),
            Map.entry('Y', "yyyy"), Map.entry('z', "xx"));

    /** What resolving one event gave: the text, or the header whose value was refused. */
    record Resolved(String text, String badHeader, String badValue) {
        boolean ok() {
            return badHeader == null;
        }
    }

    private sealed interface Part permits Literal, Header, Time, Seconds, Millis {
    }

    private record Literal(String text) implements Part {
    }

    private record Header(String name) implements Part {
    }

    private record Time(DateTimeFormatter format) implements Part {
    }

    private record Seconds() implements Part {
    }

    private record Millis() implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final boolean needsTime;
    private final boolean usesMillis;
    private final Rounding rounding;
    private final ZoneId zone;

    private long cachedKey = Long.MIN_VALUE;
    private String[] cachedTimes;

    private PathTemplate(String source, List<Part> parts, Rounding rounding, ZoneId zone) {
        this.source = source;
        this.parts = parts;
        this.rounding = rounding;
        this.zone = zone;
        this.needsTime = parts.stream().anyMatch(p -> p instanceof Time || p instanceof Seconds || p instanceof Millis);
        this.usesMillis = parts.stream().anyMatch(p -> p instanceof Millis);
    }

    /**
     * Parses a template. Throws IllegalArgumentException naming the escape when a {@code %[...]}
     * is not one of localhost, IP, IPaddress, FQDN.
     */
    public static PathTemplate parse(String template, Rounding rounding, ZoneId zone, LocalHost host) {
        List<Part> parts = new ArrayList<>();
        Matcher m = TOKEN.matcher(template);
        int last = 0;
        StringBuilder literal = new StringBuilder();
        while (m.find()) {
            literal.append(template, last, m.start());
            last = m.end();
            if (m.group(2) != null) {
                flush(literal, parts);
                parts.add(new Header(m.group(2)));
            } else if (m.group(3) != null) {
                literal.append(host.value(m.group(3)));
            } else {
                char c = m.group(1).charAt(0);
                if (c == '%') {
                    literal.append('%');
                } else if (c == 't') {
                    flush(literal, parts);
                    parts.add(new Millis());
                } else if (c == 's') {
                    flush(literal, parts);
                    parts.add(new Seconds());
                } else if (TIME_PATTERNS.containsKey(c)) {
                    flush(literal, parts);
                    parts.add(new Time(DateTimeFormatter.ofPattern(TIME_PATTERNS.get(c), Locale.getDefault())));
                }
                // Any other letter is Flume's empty string.
            }
        }
        literal.append(template, last, template.length());
        flush(literal, parts);
        return new PathTemplate(template, List.copyOf(parts), rounding, zone);
    }

    /** Whether a {@code %[...]} or other escape in {@code template} is refused; null when it parses. */
    static String problem(String template) {
        try {
            parse(template, Rounding.NONE, ZoneId.of("UTC"), LocalHost.PLACEHOLDER);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** A template with the same parts and its own cache, for another thread. */
    PathTemplate copy() {
        return new PathTemplate(source, parts, rounding, zone);
    }

    boolean needsTime() {
        return needsTime;
    }

    /** Whether the template has no escapes at all, so every event resolves to the same text. */
    public boolean isStatic() {
        return parts.isEmpty() || parts.size() == 1 && parts.get(0) instanceof Literal;
    }

    /**
     * The text up to the first escape that varies per event; {@link #isStatic() static} templates
     * give their whole text.
     */
    public String staticPrefix() {
        return parts.isEmpty() || !(parts.get(0) instanceof Literal l) ? "" : l.text();
    }

    /** A regular expression matching every text the template can resolve to (escapes match anything). */
    public String regex() {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            out.append(p instanceof Literal l ? Pattern.quote(l.text()) : ".*");
        }
        return out.toString();
    }

    /** How many more directory levels an escape can add ({@code %D} writes two slashes). */
    public int slashesFromEscapes() {
        int n = 0;
        for (Part p : parts) {
            if (p instanceof Time t && t.format.toString().contains("'/'")) {
                n += 2;
            }
        }
        return n;
    }

    /**
     * Resolves the template for one event whose timestamp (already chosen by the caller:
     * header or local clock) is {@code millis}.
     */
    Resolved resolve(Event event, long millis) {
        if (isStatic()) {
            return new Resolved(staticPrefix(), null, null);
        }
        String[] times = needsTime ? times(millis) : null;
        StringBuilder out = new StringBuilder(64);
        int t = 0;
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Header h) {
                String value = event.header(h.name());
                if (value == null) {
                    continue;
                }
                if (!safe(value)) {
                    return new Resolved(null, h.name(), value);
                }
                out.append(value);
            } else {
                out.append(times[t++]);
            }
        }
        return new Resolved(out.toString(), null, null);
    }

    /** A header value that cannot take the file out of its directory. */
    static boolean safe(String value) {
        return value.indexOf('/') < 0 && value.indexOf('\\') < 0 && !value.equals("..") && !value.equals(".");
    }

    /** The formatted time parts for one timestamp, cached per second (per millisecond with %t). */
    private String[] times(long millis) {
        long key = usesMillis ? millis : Math.floorDiv(millis, 1000);
        if (key == cachedKey) {
            return cachedTimes;
        }
        long rounded = rounding.roundDown(millis, zone);
        ZonedDateTime time = Instant.ofEpochMilli(rounded).atZone(zone);
        List<String> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Time tp) {
                out.add(tp.format.format(time));
            } else if (p instanceof Seconds) {
                out.add(Long.toString(Math.floorDiv(rounded, 1000)));
            } else if (p instanceof Millis) {
                out.add(Long.toString(millis));
            }
        }
        cachedKey = key;
        cachedTimes = out.toArray(String[]::new);
        return cachedTimes;
    }

    @Override
    public String toString() {
        return source;
    }
}
