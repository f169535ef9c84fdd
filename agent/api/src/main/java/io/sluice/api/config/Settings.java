package io.sluice.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A component's validated, immutable configuration: the parsed value of every declared key it
 * set, plus the raw text of every key it was given (for prefix namespaces such as
 * {@code sink.serializer.*}). Built by the runtime only after validation passed, so typed getters do
 * not fail for declared keys.
 */
public final class Settings {
    private final Map<String, Object> parsed;
    private final Map<String, String> raw;

    public Settings(Map<String, Object> parsed, Map<String, String> raw) {
        this.parsed = Map.copyOf(parsed);
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    public static Settings empty() {
        return new Settings(Map.of(), Map.of());
    }

    /** The parsed value, or the key's default when the config did not set it (null if it has neither). */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object value = parsed.get(key.name());
        return value != null ? (T) value : key.defaultValue();
    }

    /** Like {@link #get} but for keys that must have a value; fails loudly if validation was bypassed. */
    public <T> T require(ConfigKey<T> key) {
        T value = get(key);
        if (value == null) {
            throw new NoSuchElementException("no value for required key '" + key.name() + "'");
        }
        return value;
    }

    public boolean isSet(ConfigKey<?> key) {
        return raw.containsKey(key.name());
    }

    /** All raw keys given to the component, as written (after variable substitution). */
    public Map<String, String> raw() {
        return raw;
    }

    /** Raw keys under {@code prefix} (e.g. {@code "sink.serializer."}) with the prefix removed, sorted. */
    public Map<String, String> subset(String prefix) {
        Map<String, String> out = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && raw.equals(s.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }
}
