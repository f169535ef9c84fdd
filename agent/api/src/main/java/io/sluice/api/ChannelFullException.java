package io.sluice.api;

/** The channel had no room for a commit within its wait time. Retrying later may succeed. */
public class ChannelFullException extends ChannelException {
    public ChannelFullException(String message) {
        super(message);
    }
}
