package io.sluice.api;

/** A sink could not deliver a batch; its transaction was rolled back and the events stay in the channel. */
public class EventDeliveryException extends Exception {
    public EventDeliveryException(String message) {
        super(message);
    }

    public EventDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
