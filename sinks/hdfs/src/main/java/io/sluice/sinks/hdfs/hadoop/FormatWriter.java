package io.sluice.sinks.hdfs.hadoop;

import io.sluice.api.Event;
import java.io.IOException;

/**
 * Writes events into one open file in one {@code hdfs.fileType}. Appends may stay buffered until
 * {@link #flush()}, which pushes everything down to the file system and hflushes it, so the data
 * survives the agent; only {@link #close()} finishes the file. Used by one thread at a time (the
 * bucket's); not thread-safe.
 */
interface FormatWriter {

    void append(Event event) throws IOException;

    void flush() throws IOException;

    /** Position in the file after the last {@link #flush()}: what a reader sees. */
    long flushedLength();

    /** The current block's live replica count, or -1 when the file system does not say (not HDFS). */
    int currentReplication() throws IOException;

    /** Writes what the format ends with, flushes and closes the file. */
    void close() throws IOException;

    /** Closes the file without writing anything more; for a file given up after a failure. */
    void abort();
}
