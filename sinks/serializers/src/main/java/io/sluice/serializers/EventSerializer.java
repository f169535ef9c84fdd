package io.sluice.serializers;

import io.sluice.api.Event;
import java.io.IOException;

/**
 * Writes the events of one output file in one of Flume's formats (spec §10.1), with Flume's
 * serializer life cycle: {@link #afterCreate()} once on a new file, {@link #write} per event,
 * {@link #flush()} at the end of every batch, {@link #beforeClose()} before the sink closes the
 * stream. The sink owns the stream: a serializer never closes it.
 *
 * <p>One instance serves one file and is used by one thread at a time; it is not thread-safe.
 */
public interface EventSerializer {

    /** Writes what a new file starts with (the Avro container header); nothing for the text formats. */
    default void afterCreate() throws IOException {
    }

    void write(Event event) throws IOException;

    /** Pushes anything the serializer buffers itself (an Avro block) into the stream. */
    default void flush() throws IOException {
    }

    /** Called once before the stream is closed; after it the serializer is not used again. */
    default void beforeClose() throws IOException {
        flush();
    }
}
