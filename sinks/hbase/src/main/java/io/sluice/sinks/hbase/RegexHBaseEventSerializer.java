package io.sluice.sinks.hbase;

import io.sluice.api.Event;
import io.sluice.api.util.RateLimitedLog;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's RegexHbaseEventSerializer and RegexHBase2EventSerializer (spec §8.6): the body, decoded
 * with {@code charset}, must match {@code regex} as a whole; capture group i goes to column
 * {@code colNames[i]}, encoded as UTF-8. With {@code rowKeyIndex} ≥ 0 that group is the row key
 * (its column must be named ROW_KEY and is not written as a cell); otherwise the row key is
 * {@code <epochMillis>-<10 random characters chosen once per JVM>-<JVM-wide counter>}, as in
 * Flume. With {@code depositHeaders} every header is written as a cell too.
 *
 * <p>Where Sluice differs from Flume, on purpose: a body that does not match is still dropped (its
 * event is committed without a cell), but counted and logged (rate-limited) instead of dropped
 * silently; a group that took no part in the match is written as an empty value instead of
 * wedging the sink on that event forever; and a regex whose group count differs from the number
 * of colNames, which in Flume drops every event, is a configuration error.
 *
 * <p>Not thread-safe; one sink thread uses it. The row-key counter is shared by all instances.
 */
public final class RegexHBaseEventSerializer implements HBaseEventSerializer {
    private static final Logger LOG = LoggerFactory.getLogger(RegexHBaseEventSerializer.class);
    private static final RateLimitedLog DISCARDS = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    private static final String ROW_KEY = "ROW_KEY";
    private static final String RANDOM_KEY_PART = randomKeyPart();
    private static final AtomicLong NONCE = new AtomicLong();
    private static final byte[] EMPTY = new byte[0];

    private Pattern pattern = Pattern.compile("(.*)", Pattern.DOTALL);
    private List<String> colNames = List.of("payload");
    private byte[][] qualifiers = {"payload".getBytes(StandardCharsets.UTF_8)};
    private int rowKeyIndex = -1;
    private boolean depositHeaders;
    private Charset charset = StandardCharsets.UTF_8;
    private final LongAdder discarded = new LongAdder();

    @Override
    public void configure(Map<String, String> settings) {
        String regex = settings.getOrDefault("regex", "(.*)");
        boolean ignoreCase = Boolean.parseBoolean(settings.getOrDefault("regexIgnoreCase", "false").trim());
        try {
            pattern = Pattern.compile(regex, Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("serializer.regex = " + regex + ": must be a Java regular expression ("
                    + e.getDescription() + ")", e);
        }
        String charsetName = settings.getOrDefault("charset", "UTF-8").trim();
        try {
            charset = Charset.forName(charsetName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("serializer.charset = " + charsetName
                    + ": must be a charset this JVM supports", e);
        }
        colNames = Arrays.asList(settings.getOrDefault("colNames", "payload").split(",", -1));
        qualifiers = new byte[colNames.size()][];
        for (int i = 0; i < qualifiers.length; i++) {
            qualifiers[i] = colNames.get(i).getBytes(charset);
        }
        String index = settings.getOrDefault("rowKeyIndex", "-1").trim();
        try {
            rowKeyIndex = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("serializer.rowKeyIndex = " + index + ": must be an integer", e);
        }
        if (rowKeyIndex >= 0 && (rowKeyIndex >= colNames.size()
                || !colNames.get(rowKeyIndex).equalsIgnoreCase(ROW_KEY))) {
            throw new IllegalArgumentException("serializer.rowKeyIndex = " + rowKeyIndex
                    + ": must be the index of the column named ROW_KEY in serializer.colNames = " + colNames);
        }
        int groups = pattern.matcher("").groupCount();
        if (groups != colNames.size()) {
            throw new IllegalArgumentException("serializer.regex = " + regex + " has " + groups
                    + " capture groups but serializer.colNames = " + String.join(",", colNames) + " names "
                    + colNames.size() + " columns: they must be as many (Flume would drop every event)");
        }
        depositHeaders = Boolean.parseBoolean(settings.getOrDefault("depositHeaders", "false").trim());
    }

    @Override
    public void serialize(Event event, byte[] columnFamily, Mutations out) {
        Matcher m = pattern.matcher(new String(event.body(), charset));
        if (!m.matches()) {
            discarded.increment();
            DISCARDS.warn("regex serializer dropped an event whose body does not match {} ({} dropped so far)",
                    pattern.pattern(), discarded.sum());
            return;
        }
        byte[] row = rowKeyIndex >= 0 ? utf8(m.group(rowKeyIndex + 1)) : generatedRowKey();
        for (int i = 0; i < qualifiers.length; i++) {
            if (i != rowKeyIndex) {
                out.put(row, qualifiers[i], utf8(m.group(i + 1)));
            }
        }
        if (depositHeaders) {
            for (Map.Entry<String, String> h : event.headers().entrySet()) {
                out.put(row, h.getKey().getBytes(charset), h.getValue().getBytes(charset));
            }
        }
    }

    /** Events dropped because their body did not match, since this serializer was built. */
    long discarded() {
        return discarded.sum();
    }

    private byte[] generatedRowKey() {
        return (System.currentTimeMillis() + "-" + RANDOM_KEY_PART + "-" + NONCE.getAndIncrement()).getBytes(charset);
    }

    private static byte[] utf8(String group) {
        return group == null ? EMPTY : group.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomKeyPart() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
