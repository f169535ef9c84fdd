package io.sluice.rpc;

import java.io.IOException;

/**
 * Bytes from a peer that are not a well-formed Avro RPC message: a length past the end of its frame,
 * a varint longer than ten bytes, an unknown union branch, a message the protocol does not define.
 * The message says what was wrong and where, for the log line that reports the peer.
 */
public class MalformedRpcException extends IOException {
    public MalformedRpcException(String message) {
        super(message);
    }
}
