package io.sluice.testkit;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import java.util.ArrayList;
import java.util.List;

/** Drives a channel through whole transactions, keeping event order, so tests state intent, not ceremony. */
public final class ChannelHarness {
    private final Channel channel;

    public ChannelHarness(Channel channel) {
        this.channel = channel;
    }

    /** Puts all events in one committed transaction. */
    public void put(List<Event> events) {
        try (Transaction tx = channel.begin()) {
            tx.put(events);
            tx.commit();
        }
    }

    /** Puts events in committed transactions of at most {@code batch} events each. */
    public void put(List<Event> events, int batch) {
        for (int i = 0; i < events.size(); i += batch) {
            put(events.subList(i, Math.min(events.size(), i + batch)));
        }
    }

    /** Takes up to {@code max} events in one committed transaction. */
    public List<Event> take(int max) {
        try (Transaction tx = channel.begin()) {
            List<Event> taken = tx.take(max);
            tx.commit();
            return taken;
        }
    }

    /** Takes up to {@code max} events and rolls the take back; returns what was seen. */
    public List<Event> takeAndRollBack(int max) {
        try (Transaction tx = channel.begin()) {
            List<Event> taken = tx.take(max);
            tx.rollback();
            return taken;
        }
    }

    /** Takes in committed batches until a take comes back empty (after the channel's keep-alive wait). */
    public List<Event> drain(int batch) {
        List<Event> all = new ArrayList<>();
        while (true) {
            List<Event> taken = take(batch);
            if (taken.isEmpty()) {
                return all;
            }
            all.addAll(taken);
        }
    }

    /** Takes in committed batches until {@code n} events were taken; fails if a take comes back empty first. */
    public List<Event> take(int n, int batch) {
        List<Event> all = new ArrayList<>(n);
        while (all.size() < n) {
            List<Event> taken = take(Math.min(batch, n - all.size()));
            if (taken.isEmpty()) {
                throw new AssertionError("channel ran dry after " + all.size() + " of " + n + " events");
            }
            all.addAll(taken);
        }
        return all;
    }
}
