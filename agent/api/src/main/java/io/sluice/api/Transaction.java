package io.sluice.api;

import java.util.List;

/**
 * A unit of work on one channel, with Flume's semantics, moving batches instead of single events.
 *
 * <p>A transaction is confined to the thread that began it. It holds at most the channel's
 * {@code transactionCapacity} puts and, separately, at most that many takes. Puts are invisible to
 * takers until {@link #commit()}; a rollback discards the puts and returns every taken event to the
 * head of the channel in its original order. {@link #close()} without a commit rolls back, so the
 * idiom is:
 *
 * <pre>{@code
 * try (Transaction tx = channel.begin()) {
 *     tx.put(events);
 *     tx.commit();
 * }                                   // an exception before commit() rolls back here
 * }</pre>
 *
 * <p>If {@code commit()} throws, nothing of the transaction took effect and the transaction is
 * still open: {@code close()} (or {@code rollback()}) then returns taken events to the channel.
 */
public interface Transaction extends AutoCloseable {

    /** Stages events for commit. Throws {@link ChannelException} when the batch would exceed transactionCapacity. */
    void put(List<Event> events);

    /** Stages a single event; prefer {@link #put(List)}. */
    default void put(Event event) {
        put(List.of(event));
    }

    /**
     * Takes up to {@code max} committed events from the head of the channel. Waits up to the
     * channel's keep-alive for the first event and then takes what is there without waiting
     * further; returns an empty list if nothing came in time or the thread was interrupted (the
     * interrupt flag is then set again).
     */
    List<Event> take(int max);

    /** Makes puts visible and takes permanent. Durable channels return only once this is on disk. */
    void commit();

    /** Discards puts and returns taken events to the head of the channel, in order. */
    void rollback();

    /** Ends the transaction; rolls back if it was neither committed nor rolled back. */
    @Override
    void close();
}
