package io.sluice.api.config;

import java.util.List;
import java.util.Objects;

/**
 * One declared configuration key of a component: its Flume name, type, default, meaning and rule.
 * Declared once, as a constant on the component; validation, typed access ({@link Settings#get})
 * and the generated reference all read this declaration.
 *
 * <pre>{@code
 * static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("max-line-length")
 *         .defaultValue(512).check(Check.atLeast(2)).doc("Longest line in characters, newline included.");
 * }</pre>
 *
 * Instances are immutable; each builder-style method returns a new key.
 */
public final class ConfigKey<T> {
    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;
    private final Check<T> check;
    private final String doc;

    private ConfigKey(String name, ValueType<T> type, T defaultValue, String defaultText, boolean required,
                      Check<T> check, String doc) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.check = check;
        this.doc = doc;
        if (defaultValue != null && check != null && !check.accepts(defaultValue)) {
            throw new IllegalStateException("default " + defaultValue + " of key '" + name + "' is not " + check);
        }
    }

    public static ConfigKey<String> string(String name) {
        return of(name, ValueType.STRING);
    }

    public static ConfigKey<Integer> integer(String name) {
        return of(name, ValueType.INT);
    }

    public static ConfigKey<Long> longKey(String name) {
        return of(name, ValueType.LONG);
    }

    public static ConfigKey<Double> decimal(String name) {
        return of(name, ValueType.DOUBLE);
    }

    public static ConfigKey<Boolean> bool(String name) {
        return of(name, ValueType.BOOLEAN);
    }

    public static ConfigKey<List<String>> list(String name) {
        return of(name, ValueType.LIST);
    }

    public static ConfigKey<java.util.regex.Pattern> regex(String name) {
        return of(name, ValueType.REGEX);
    }

    /** A TCP or UDP port, 0 to 65535 (0 asks the OS for a free one). */
    public static ConfigKey<Integer> port(String name) {
        return of(name, ValueType.INT).check(Check.between(0, 65535));
    }

    public static <T> ConfigKey<T> of(String name, ValueType<T> type) {
        return new ConfigKey<>(name, type, null, null, false, null, "");
    }

    public ConfigKey<T> defaultValue(T value) {
        return new ConfigKey<>(name, type, Objects.requireNonNull(value), String.valueOf(value), false, check, doc);
    }

    /** For a default that is computed at start (e.g. a share of the heap): describes it for the docs. */
    public ConfigKey<T> defaultDescribedAs(String text) {
        return new ConfigKey<>(name, type, null, text, false, check, doc);
    }

    public ConfigKey<T> required() {
        return new ConfigKey<>(name, type, null, null, true, check, doc);
    }

    public ConfigKey<T> check(Check<T> rule) {
        return new ConfigKey<>(name, type, defaultValue, defaultText, required, rule, doc);
    }

    public ConfigKey<T> doc(String text) {
        return new ConfigKey<>(name, type, defaultValue, defaultText, required, check, text);
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The default as the docs show it, or null when the key has none. */
    public String defaultText() {
        return defaultText;
    }

    public boolean isRequired() {
        return required;
    }

    public Check<T> check() {
        return check;
    }

    public String doc() {
        return doc;
    }

    /**
     * Parses and checks a raw value. Returns the parsed value or throws IllegalArgumentException
     * whose message completes "{key} = {value}: ...".
     */
    public T parse(String raw) {
        T value = type.parse(raw);
        if (check != null && !check.accepts(value)) {
            throw new IllegalArgumentException("must be " + check);
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}
