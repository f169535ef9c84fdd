package io.sluice.runtime;

/** The agent could not start (a channel failed to start in time, the metrics port is taken...). */
public class AgentStartException extends Exception {
    public AgentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
