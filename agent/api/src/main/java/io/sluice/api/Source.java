package io.sluice.api;

/**
 * A component that brings events into the agent and hands them to its {@link ChannelProcessor}.
 * An event-driven source runs its own threads (a listening socket, say) between {@code start()} and
 * {@code stop()}; a {@link PollableSource} is driven by a runtime thread instead.
 */
public interface Source extends Lifecycle {
}
