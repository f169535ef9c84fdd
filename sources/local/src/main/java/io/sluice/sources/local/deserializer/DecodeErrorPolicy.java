package io.sluice.sources.local.deserializer;

import java.nio.charset.CodingErrorAction;

/** Flume's {@code decodeErrorPolicy}: what text deserializers do with bytes the input charset cannot decode. */
public enum DecodeErrorPolicy {
    /** Stop at the bad bytes: the spooling source moves the file to quarantine. */
    FAIL(CodingErrorAction.REPORT),
    /** Decode each malformed sequence as U+FFFD. */
    REPLACE(CodingErrorAction.REPLACE),
    /** Drop malformed sequences. */
    IGNORE(CodingErrorAction.IGNORE);

    private final CodingErrorAction action;

    DecodeErrorPolicy(CodingErrorAction action) {
        this.action = action;
    }

    CodingErrorAction action() {
        return action;
    }
}
