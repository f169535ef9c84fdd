package io.sluice.runtime.config;

/**
 * One thing wrong with a configuration, printed as {@code file:line: message}. Errors stop the
 * agent from starting; warnings are printed and the agent starts.
 */
public record Problem(Severity severity, Location location, String message) {

    public enum Severity { ERROR, WARNING, NOTE }

    public static Problem error(Location where, String message) {
        return new Problem(Severity.ERROR, where, message);
    }

    public static Problem warning(Location where, String message) {
        return new Problem(Severity.WARNING, where, message);
    }

    /** Something an operator should know that is not a problem (e.g. a component's delivery guarantee). */
    public static Problem note(Location where, String message) {
        return new Problem(Severity.NOTE, where, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String prefix = location == null ? "" : location + ": ";
        return prefix + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
