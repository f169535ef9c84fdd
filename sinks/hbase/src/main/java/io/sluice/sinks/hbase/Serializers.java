package io.sluice.sinks.hbase;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds the serializer a {@code serializer} value names: Flume's class names of its built-in
 * HBase serializers, the short aliases {@code simple} and {@code regex}, or the name of a class
 * implementing {@link HBaseEventSerializer}. Stateless.
 */
final class Serializers {
    static final String FLUME_SIMPLE = "org.apache.flume.sink.hbase.SimpleHbaseEventSerializer";
    static final String FLUME_REGEX = "org.apache.flume.sink.hbase.RegexHbaseEventSerializer";
    static final String FLUME2_SIMPLE = "org.apache.flume.sink.hbase2.SimpleHBase2EventSerializer";
    static final String FLUME2_REGEX = "org.apache.flume.sink.hbase2.RegexHBase2EventSerializer";

    private static final Map<String, Supplier<HBaseEventSerializer>> BUILT_IN = Map.of(
            "simple", SimpleHBaseEventSerializer::new,
            "regex", RegexHBaseEventSerializer::new,
            FLUME_SIMPLE.toLowerCase(Locale.ROOT), SimpleHBaseEventSerializer::new,
            FLUME_REGEX.toLowerCase(Locale.ROOT), RegexHBaseEventSerializer::new,
            FLUME2_SIMPLE.toLowerCase(Locale.ROOT), SimpleHBaseEventSerializer::new,
            FLUME2_REGEX.toLowerCase(Locale.ROOT), RegexHBaseEventSerializer::new);

    static final String RULE = "simple, regex, one of Flume's HBase serializer classes (Simple/Regex, hbase or hbase2), "
            + "or a class implementing " + HBaseEventSerializer.class.getName();

    private Serializers() {
    }

    /** Builds and configures the named serializer; IllegalArgumentException names the value and the rule. */
    static HBaseEventSerializer create(String name, Map<String, String> settings) {
        String trimmed = name.trim();
        Supplier<HBaseEventSerializer> builtIn = BUILT_IN.get(trimmed.toLowerCase(Locale.ROOT));
        HBaseEventSerializer serializer = builtIn != null ? builtIn.get() : load(trimmed);
        serializer.configure(settings);
        return serializer;
    }

    private static HBaseEventSerializer load(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("serializer = " + className + ": no such class on the class path; must be "
                    + RULE, e);
        }
        if (!HBaseEventSerializer.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("serializer = " + className + ": does not implement "
                    + HBaseEventSerializer.class.getName() + " (Flume's own serializer interface is not supported); must be "
                    + RULE);
        }
        try {
            return (HBaseEventSerializer) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("serializer = " + className
                    + ": cannot be built with a public no-argument constructor: " + e, e);
        }
    }
}
