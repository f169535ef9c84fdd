package io.sluice.runtime;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.runtime.routing.ChannelSelector;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's way into its channels (spec §6.1): runs the interceptor chain on the whole batch,
 * asks the selector where each event goes, and writes each channel's share in one transaction.
 * Required channels are all written first, then all committed, so a put that does not fit fails
 * the batch before anything is committed; optional channels come after and never fail the batch.
 * An interceptor that throws fails the batch like a full channel would (Flume lets it escape).
 * Thread-safe: each call uses its own transactions.
 */
final class RoutingChannelProcessor implements ChannelProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingChannelProcessor.class);

    private final String sourceName;
    /** The chain in order; runs of interceptors of one fusable kind are one stage ({@link InterceptorFusion}). */
    private final List<Interceptor> interceptors;
    private final ChannelSelector selector;
    private final List<String> channelNames;
    private final Channel[] channels;
    private final SourceCounter counter;

    RoutingChannelProcessor(String sourceName, List<Interceptor> interceptors, ChannelSelector selector,
                            List<String> channelNames, List<Channel> channels, SourceCounter counter) {
        this.sourceName = sourceName;
        this.interceptors = InterceptorFusion.fuse(interceptors);
        this.selector = selector;
        this.channelNames = List.copyOf(channelNames);
        this.channels = channels.toArray(new Channel[0]);
        this.counter = counter;
    }

    @Override
    public void process(List<Event> events) {
        int received = events.size();
        counter.addEventReceived(received);
        List<Event> batch = intercept(events);
        if (!batch.isEmpty()) {
            if (selector.isStatic()) {
                Event first = batch.get(0);
                writeRequired(selector.required(first), null, batch);
                writeOptional(selector.optional(first), null, batch);
            } else {
                List<List<Event>> required = split(batch, true);
                List<List<Event>> optional = split(batch, false);
                writeRequired(null, required, batch);
                writeOptional(null, optional, batch);
            }
        }
        counter.addEventAccepted(received);
    }

    private List<Event> intercept(List<Event> events) {
        List<Event> batch = events;
        for (Interceptor i : interceptors) {
            try {
                batch = i.intercept(batch);
            } catch (RuntimeException e) {
                counter.incrementGenericProcessingFail();
                throw new ChannelException("interceptor of source " + sourceName + " failed: " + e, e);
            }
            if (batch == null) {
                counter.incrementGenericProcessingFail();
                throw new ChannelException("an interceptor of source " + sourceName + " returned no event list");
            }
            if (batch.isEmpty()) {
                break;
            }
        }
        return batch;
    }

    /** Each channel's share of the batch, in event order; null where a channel gets nothing. */
    private List<List<Event>> split(List<Event> batch, boolean required) {
        List<List<Event>> perChannel = new ArrayList<>(channels.length);
        for (int i = 0; i < channels.length; i++) {
            perChannel.add(null);
        }
        for (Event e : batch) {
            for (int idx : required ? selector.required(e) : selector.optional(e)) {
                List<Event> share = perChannel.get(idx);
                if (share == null) {
                    share = new ArrayList<>();
                    perChannel.set(idx, share);
                }
                share.add(e);
            }
        }
        return perChannel;
    }

    private void writeRequired(int[] staticTargets, List<List<Event>> shares, List<Event> batch) {
        List<Transaction> open = new ArrayList<>(channels.length);
        int current = -1;
        try {
            for (int idx = 0; idx < channels.length; idx++) {
                List<Event> share = share(idx, staticTargets, shares, batch);
                if (share == null) {
                    continue;
                }
                current = idx;
                Transaction tx = channels[idx].begin();
                open.add(tx);
                tx.put(share);
            }
            for (int i = 0; i < open.size(); i++) {
                open.get(i).commit();
            }
        } catch (RuntimeException e) {
            counter.incrementChannelWriteFail();
            String channel = current >= 0 ? channelNames.get(current) : "?";
            if (e instanceof ChannelException ce) {
                throw ce;
            }
            throw new ChannelException("Unable to put batch on required channel: " + channel + ": " + e, e);
        } finally {
            for (Transaction tx : open) {
                tx.close();
            }
        }
    }

    private void writeOptional(int[] staticTargets, List<List<Event>> shares, List<Event> batch) {
        for (int idx = 0; idx < channels.length; idx++) {
            List<Event> share = share(idx, staticTargets, shares, batch);
            if (share == null) {
                continue;
            }
            try (Transaction tx = channels[idx].begin()) {
                tx.put(share);
                tx.commit();
            } catch (RuntimeException e) {
                LOG.warn("Source {}: could not put a batch of {} events on optional channel {}: {}",
                        sourceName, share.size(), channelNames.get(idx), e.toString());
            }
        }
    }

    private static List<Event> share(int idx, int[] staticTargets, List<List<Event>> shares, List<Event> batch) {
        if (staticTargets != null) {
            for (int t : staticTargets) {
                if (t == idx) {
                    return batch;
                }
            }
            return null;
        }
        return shares.get(idx);
    }
}
