package io.sluice.sinks.hbase;

import io.sluice.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Flume's SimpleHbaseEventSerializer and SimpleHBase2EventSerializer (spec §8.6): the body goes
 * to {@code rowPrefix + suffix : payloadColumn}, and each event adds 1 to
 * {@code incrementRow : incrementColumn}. An empty payloadColumn or incrementColumn leaves that
 * mutation out. Headers are ignored.
 *
 * <p>Row key suffixes as in Flume: {@code uuid} (the default, and what any unknown value means),
 * {@code random} (a signed random long), {@code timestamp} (epoch millis), {@code nano}
 * ({@code System.nanoTime()}). The last two collide for events in the same tick, and a later
 * Put then overwrites an earlier one; Sluice warns about that at configuration.
 *
 * <p>Not thread-safe; one sink thread uses it.
 */
public final class SimpleHBaseEventSerializer implements HBaseEventSerializer {
    static final Set<String> SUFFIXES = Set.of("uuid", "random", "timestamp", "nano");

    private String rowPrefix = "default";
    private String suffix = "uuid";
    private byte[] payloadColumn = bytes("pCol");
    private byte[] incrementColumn = bytes("iCol");
    private byte[] incrementRow = bytes("incRow");
    private String warning;

    @Override
    public void configure(Map<String, String> settings) {
        rowPrefix = settings.getOrDefault("rowPrefix", "default");
        suffix = settings.getOrDefault("suffix", "uuid");
        if (!SUFFIXES.contains(suffix)) {
            warning = "serializer.suffix = " + suffix + " is not one of uuid, random, timestamp, nano: using uuid, as Flume does";
            suffix = "uuid";
        } else if (suffix.equals("timestamp") || suffix.equals("nano")) {
            warning = "serializer.suffix = " + suffix + ": events written in the same "
                    + (suffix.equals("nano") ? "nanosecond reading" : "millisecond") + " get the same row key, and the "
                    + "later one overwrites the earlier (Flume behaves the same); uuid keeps every event";
        } else {
            warning = null;
        }
        payloadColumn = bytes(settings.getOrDefault("payloadColumn", "pCol"));
        incrementColumn = bytes(settings.getOrDefault("incrementColumn", "iCol"));
        incrementRow = bytes(settings.getOrDefault("incrementRow", "incRow"));
    }

    /** What the sink should warn about at start (validation builds serializers too, so they do not log), or null. */
    String warning() {
        return warning;
    }

    @Override
    public void serialize(Event event, byte[] columnFamily, Mutations out) {
        if (payloadColumn.length > 0) {
            out.put(bytes(rowPrefix + suffix()), payloadColumn, event.body());
        }
        if (incrementColumn.length > 0) {
            out.increment(incrementRow, incrementColumn, 1);
        }
    }

    private String suffix() {
        return switch (suffix) {
            case "random" -> Long.toString(ThreadLocalRandom.current().nextLong());
            case "timestamp" -> Long.toString(System.currentTimeMillis());
            case "nano" -> Long.toString(System.nanoTime());
            default -> UUID.randomUUID().toString();
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
