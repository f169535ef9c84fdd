package io.sluice.sources.local.deserializer;

import io.sluice.api.Event;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Turns one file into events, resumably (spec §10.2). A new instance reads each file. The spooling
 * source reads a batch, commits it to its channels, and only then takes {@link #mark()} as the
 * durable position; after a failed commit it {@link #seek}s back to the last committed mark and
 * reads the same events again.
 *
 * <p>Not thread-safe: one source thread uses an instance.
 */
public interface EventDeserializer extends Closeable {

    /**
     * Up to {@code max} events from the current position; an empty list at the end of the file.
     * Throws {@link DecodeException} for input the deserializer cannot turn into events (after
     * returning the events before it, if any); the position then stays before the bad input.
     */
    List<Event> read(int max) throws IOException;

    /** The position after the last event returned; {@link #seek} to it resumes there. */
    ReadMark mark();

    /** Continues at a mark this or an earlier instance returned for the same, unchanged file. */
    void seek(ReadMark mark) throws IOException;

    /** Whether the file has no events after {@link #mark()} (so the next read returns none). */
    boolean atEnd() throws IOException;
}
