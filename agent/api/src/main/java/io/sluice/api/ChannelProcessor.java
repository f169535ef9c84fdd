package io.sluice.api;

import java.util.List;

/**
 * Where a source hands its events: runs the source's interceptors, lets its selector choose
 * channels, and puts the batch into each chosen channel in one transaction per channel.
 *
 * <p>When {@link #process(List)} returns, every required channel has committed the batch: only then
 * may the source acknowledge it. When it throws {@link ChannelException}, the batch must be treated
 * as not accepted (the sender retries; some required channel may already hold it, giving a duplicate,
 * as in Flume). Thread-safe: several connection threads of one source may call it at once.
 */
public interface ChannelProcessor {
    void process(List<Event> events) throws ChannelException;
}
