package io.sluice.api.config;

import java.util.function.Predicate;

/**
 * A rule a parsed value must satisfy. Its {@link #toString()} is the "valid values" text shown in
 * error messages and in the generated reference.
 */
public final class Check<T> {
    private final Predicate<T> rule;
    private final String description;

    private Check(Predicate<T> rule, String description) {
        this.rule = rule;
        this.description = description;
    }

    public static <T> Check<T> of(String description, Predicate<T> rule) {
        return new Check<>(rule, description);
    }

    public static <N extends Number & Comparable<N>> Check<N> atLeast(N min) {
        return new Check<>(v -> v.compareTo(min) >= 0, "at least " + min);
    }

    public static <N extends Number & Comparable<N>> Check<N> between(N min, N max) {
        return new Check<>(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, "from " + min + " to " + max);
    }

    public static Check<String> notBlank() {
        return new Check<>(s -> !s.isBlank(), "not blank");
    }

    public boolean accepts(T value) {
        return rule.test(value);
    }

    @Override
    public String toString() {
        return description;
    }
}
