package io.sluice.runtime.config;

/** One logical property line: key and value (escapes resolved, not yet trimmed) and where it started. */
public record ConfigLine(String key, String value, Location location) {
}
