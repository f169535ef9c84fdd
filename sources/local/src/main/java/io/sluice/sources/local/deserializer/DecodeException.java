package io.sluice.sources.local.deserializer;

import java.io.IOException;

/** Input that cannot be turned into events: malformed text under decodeErrorPolicy FAIL, a corrupt Avro file. */
public final class DecodeException extends IOException {
    private final long offset;

    public DecodeException(String message, long offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /** Byte offset in the file near which the problem was found. */
    public long offset() {
        return offset;
    }
}
