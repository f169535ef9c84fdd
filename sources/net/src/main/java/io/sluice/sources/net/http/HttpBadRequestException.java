package io.sluice.sources.net.http;

/**
 * A request a {@link HttpSourceHandler} cannot turn into events; the client gets the status (400
 * unless another 4xx is given) and the message as a one-line reason, and nothing is put.
 */
public class HttpBadRequestException extends Exception {
    private final int status;

    public HttpBadRequestException(String message) {
        this(400, message);
    }

    public HttpBadRequestException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a bad request status is 4xx, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
