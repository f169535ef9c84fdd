package io.sluice.api.config;

/** A problem a component's own cross-key check found: the key it concerns and a message. */
public record SettingsProblem(String key, String message) {
}
