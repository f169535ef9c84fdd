package io.sluice.sources.net.netcat;

import io.sluice.api.Event;
import java.util.List;

/**
 * What {@link NetcatLineDecoder} hands to {@link NetcatCommitHandler}: the lines of one read, in
 * order, and how the connection ends after them. The decoder reads nothing more until
 * {@link NetcatLineDecoder#committed()} is called for this batch.
 *
 * @param events  one event per line; may be split into several channel transactions
 * @param ending  what to do once the events are committed and answered
 * @param decoder the connection's decoder, told when the batch is done
 */
record LineBatch(List<Event> events, Ending ending, NetcatLineDecoder decoder) {

    enum Ending {
        /** The connection goes on. */
        NONE,
        /** The client finished sending: reply, then close. */
        END_OF_INPUT,
        /** A line exceeded max-line-length: reply, add the FAILED line for it, then close. */
        TOO_LONG,
        /** Invalid bytes for the encoding: reply to the lines before them, then close without a word. */
        INVALID_INPUT
    }
}
