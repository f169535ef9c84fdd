package io.sluice.rpc;

import java.io.IOException;

/**
 * A well-formed batch this side will not take: more events than its channels accept in one
 * transaction. The request is answered {@code FAILED} and the connection stays open.
 */
public class BatchLimitException extends IOException {
    public BatchLimitException(String message) {
        super(message);
    }
}
