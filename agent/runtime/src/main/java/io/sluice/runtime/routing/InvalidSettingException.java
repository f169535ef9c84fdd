package io.sluice.runtime.routing;

/**
 * A selector or sink processor found a setting that cannot work with its source's channels or its
 * group's sinks. Validation builds these components once to run such checks, and reports the
 * message at the line of {@link #key()}.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private final String key;

    public InvalidSettingException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key (within the component's own namespace, e.g. {@code mapping.CA}) the problem is about. */
    public String key() {
        return key;
    }
}
