package io.sluice.api;

/**
 * A buffer between sources and sinks with transactional put and take. Channels are thread-safe:
 * many threads may hold their own transactions at once.
 */
public interface Channel extends Lifecycle {

    /** Opens a transaction confined to the calling thread. */
    Transaction begin();

    /**
     * Committed events waiting to be taken (the metric ChannelSize). Events inside an open take are
     * not counted, though they still hold their place against the channel's capacity until that
     * take commits.
     */
    long size();

    /** The most events the channel holds (the metric ChannelCapacity). */
    long capacity();

    /** Whether the channel keeps its events across a restart of the process. */
    default boolean durable() {
        return false;
    }
}
