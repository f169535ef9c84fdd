package io.sluice.api;

/**
 * A channel refused an operation: it is full, closed, or failed to store or read. The caller rolls
 * back its transaction; nothing of the transaction took effect.
 */
public class ChannelException extends RuntimeException {
    public ChannelException(String message) {
        super(message);
    }

    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
