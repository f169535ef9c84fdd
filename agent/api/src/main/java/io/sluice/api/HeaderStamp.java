package io.sluice.api;

import java.util.Objects;

/**
 * One header to set on the events of a batch: {@code name = value}, or only where an event lacks
 * it when {@code preserveExisting}. Applied by {@link Event#stampHeaders}.
 */
public record HeaderStamp(String name, String value, boolean preserveExisting) {
    public HeaderStamp {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
    }
}
