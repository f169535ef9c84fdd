package io.sluice.sinks.hbase;

import io.sluice.api.Event;
import java.io.IOException;
import java.util.List;

/**
 * One sink's connection to its HBase table. The sink talks to HBase only through this interface, so
 * its own class (and its spec, which validation loads) never references an HBase type; the
 * implementation, {@code io.sluice.sinks.hbase.client.HBaseTableWriter}, is created through
 * {@link HBaseClientLoader} when the sink starts, and connects and checks the table as it is made.
 *
 * <p>Thread-safety: {@link #write} is called by one thread at a time; {@link #close} may run on
 * another, and makes a write in progress fail.
 */
public interface TableWriter extends AutoCloseable {

    /**
     * Serializes the batch into Puts and Increments and writes them; returns once HBase applied
     * every mutation, throws otherwise (the caller then rolls its take back).
     */
    void write(List<Event> events, HBaseEventSerializer serializer) throws IOException, InterruptedException;

    /** Closes the table and the connection. */
    @Override
    void close() throws IOException;
}
