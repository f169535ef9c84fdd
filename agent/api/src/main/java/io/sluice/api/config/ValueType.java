package io.sluice.api.config;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a config value's text becomes a typed value. {@link #parse} throws
 * {@link IllegalArgumentException} with a message that completes "must be …" style sentences.
 */
public final class ValueType<T> {
    public static final ValueType<String> STRING = new ValueType<>("string", s -> s);
    public static final ValueType<Integer> INT = new ValueType<>("int", s -> {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number in the int range");
        }
    });
    public static final ValueType<Long> LONG = new ValueType<>("long", s -> {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number in the long range");
        }
    });
    public static final ValueType<Double> DOUBLE = new ValueType<>("double", s -> {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a number");
        }
    });
    /** {@code true} or {@code false}, any case. Flume reads anything else as false; Sluice refuses it. */
    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean", s -> {
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("is not true or false");
    });
    /** A whitespace-separated list of names, as in Flume's {@code channels} and {@code interceptors}. */
    public static final ValueType<List<String>> LIST = new ValueType<>("list",
            s -> s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+")));
    public static final ValueType<Charset> CHARSET = new ValueType<>("charset", s -> {
        try {
            return Charset.forName(s);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("is not a charset this JVM supports");
        }
    });

    /** A Java regular expression, compiled; a syntax error is reported with the engine's own explanation. */
    public static final ValueType<Pattern> REGEX = new ValueType<>("regex", s -> {
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("is not a valid Java regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    });

    private final String name;
    private final Function<String, T> parser;

    private ValueType(String name, Function<String, T> parser) {
        this.name = name;
        this.parser = parser;
    }

    /** One of a fixed set of words, matched case-insensitively and returned upper-cased, as Flume's enums are. */
    public static ValueType<String> oneOf(String... words) {
        List<String> allowed = Arrays.stream(words).map(w -> w.toUpperCase(Locale.ENGLISH)).toList();
        return new ValueType<>("one of " + String.join(", ", words), s -> {
            String upper = s.toUpperCase(Locale.ENGLISH);
            if (!allowed.contains(upper)) {
                throw new IllegalArgumentException("is not one of " + String.join(", ", words));
            }
            return upper;
        });
    }

    public T parse(String text) {
        return parser.apply(text);
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
