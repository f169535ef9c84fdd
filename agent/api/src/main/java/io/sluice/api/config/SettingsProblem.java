package io.sluice.api.config;

/**
 * A problem a component's own cross-key check found: the key it concerns, a message, and whether
 * it only deserves a warning (the component still starts, as Flume would) rather than an error.
 */
public record SettingsProblem(String key, String message, boolean warning) {
    public SettingsProblem(String key, String message) {
        this(key, message, false);
    }

    /** A problem that is reported but does not stop the agent from starting. */
    public static SettingsProblem warning(String key, String message) {
        return new SettingsProblem(key, message, true);
    }
}
