package io.sluice.rpc;

import java.io.IOException;

/**
 * A call that did not get an answer this side can trust: the connection failed or closed, the reply
 * did not come within the request timeout, the reply was malformed, or the server raised an error.
 * The client is closed when this is thrown; build a new one to retry.
 */
public class RpcException extends IOException {
    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
