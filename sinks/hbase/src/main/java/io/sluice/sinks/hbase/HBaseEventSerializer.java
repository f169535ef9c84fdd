package io.sluice.sinks.hbase;

import io.sluice.api.Event;
import java.util.Map;

/**
 * Turns an event into cells of one HBase column family. The hbase and hbase2 sinks find a
 * serializer by its {@code serializer} value: a built-in by Flume's class name or short alias, or
 * any class implementing this interface with a public no-argument constructor.
 *
 * <p>The interface speaks bytes, not HBase client types, so a serializer needs no HBase jar to
 * compile and the sink alone decides how mutations are batched, coalesced and retried.
 *
 * <p>Lifecycle: constructed, then {@link #configure} once with the sink's {@code serializer.*}
 * keys (prefix removed), then used by one sink thread at a time: {@link #onBatchStart()} before
 * each batch, {@link #serialize} for each event of it. Implementations need not be thread-safe.
 */
public interface HBaseEventSerializer {

    /**
     * Reads the serializer's keys. Throws IllegalArgumentException naming the key, the value and
     * the rule when a value is unusable; the sink then does not start.
     */
    void configure(Map<String, String> settings);

    /** Called before the first event of every batch. */
    default void onBatchStart() {
    }

    /**
     * Writes the cells of one event to {@code out}. Writing nothing discards the event: it is
     * committed with its batch and never reaches HBase.
     */
    void serialize(Event event, byte[] columnFamily, Mutations out);

    /** Where a serializer puts the cells of an event; valid only during {@link #serialize}. */
    interface Mutations {
        /** Sets {@code family:qualifier} of {@code row} to {@code value}. */
        void put(byte[] row, byte[] qualifier, byte[] value);

        /** Adds {@code amount} to the counter cell {@code family:qualifier} of {@code row}. */
        void increment(byte[] row, byte[] qualifier, long amount);
    }
}
