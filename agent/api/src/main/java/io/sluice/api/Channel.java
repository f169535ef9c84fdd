package io.sluice.api;

/**
 * A buffer between sources and sinks with transactional put and take. Channels are thread-safe:
 * many threads may hold their own transactions at once.
 */
public interface Channel extends Lifecycle {

    /** Opens a transaction confined to the calling thread. */
    Transaction begin();

    /** Events committed and not yet taken by a committed take (events in open takes count too). */
    long size();

    /** Whether the channel keeps its events across a restart of the process. */
    default boolean durable() {
        return false;
    }
}
