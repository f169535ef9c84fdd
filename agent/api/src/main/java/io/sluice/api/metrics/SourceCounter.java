package io.sluice.api.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Flume's SourceCounter attributes, plus counters a source adds under names of its own (one per
 * rejection reason, say), reported after Flume's. Thread-safe.
 */
public final class SourceCounter extends CounterGroup {
    private final LongAdder eventReceived = new LongAdder();
    private final LongAdder eventAccepted = new LongAdder();
    private final LongAdder appendReceived = new LongAdder();
    private final LongAdder appendAccepted = new LongAdder();
    private final LongAdder appendBatchReceived = new LongAdder();
    private final LongAdder appendBatchAccepted = new LongAdder();
    private final LongAdder openConnections = new LongAdder();
    private final LongAdder eventReadFail = new LongAdder();
    private final LongAdder channelWriteFail = new LongAdder();
    private final LongAdder genericProcessingFail = new LongAdder();
    /** Replaced, never mutated, so snapshots read it without a lock. */
    private volatile Map<String, LongAdder> extras = Map.of();

    public SourceCounter(String name) {
        super(Type.SOURCE, name);
    }

    public void addEventReceived(long n) {
        eventReceived.add(n);
    }

    public void addEventAccepted(long n) {
        eventAccepted.add(n);
    }

    public void incrementAppendReceived() {
        appendReceived.increment();
    }

    public void incrementAppendAccepted() {
        appendAccepted.increment();
    }

    public void incrementAppendBatchReceived() {
        appendBatchReceived.increment();
    }

    public void incrementAppendBatchAccepted() {
        appendBatchAccepted.increment();
    }

    /** OpenConnectionCount is a gauge: call with +1 on accept and -1 on close. */
    public void addOpenConnections(int delta) {
        openConnections.add(delta);
    }

    public void incrementEventReadFail() {
        eventReadFail.increment();
    }

    public void incrementChannelWriteFail() {
        channelWriteFail.increment();
    }

    public void incrementGenericProcessingFail() {
        genericProcessingFail.increment();
    }

    /**
     * The source's own counter named {@code attribute} (e.g. {@code RejectedTooLargeCount}), created
     * on first use and reset with the others on start. Keep the returned adder; looking it up again
     * costs a map read.
     */
    public LongAdder extra(String attribute) {
        LongAdder existing = extras.get(attribute);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = extras.get(attribute);
            if (existing == null) {
                Map<String, LongAdder> copy = new LinkedHashMap<>(extras);
                existing = new LongAdder();
                copy.put(attribute, existing);
                extras = Collections.unmodifiableMap(copy);
            }
            return existing;
        }
    }

    public long eventReceived() {
        return eventReceived.sum();
    }

    public long eventAccepted() {
        return eventAccepted.sum();
    }

    public long channelWriteFail() {
        return channelWriteFail.sum();
    }

    public long eventReadFail() {
        return eventReadFail.sum();
    }

    public long genericProcessingFail() {
        return genericProcessingFail.sum();
    }

    public long appendBatchReceived() {
        return appendBatchReceived.sum();
    }

    public long appendBatchAccepted() {
        return appendBatchAccepted.sum();
    }

    public long openConnections() {
        return openConnections.sum();
    }

    @Override
    protected void addAttributes(Map<String, Object> out) {
        out.put("EventReceivedCount", eventReceived.sum());
        out.put("EventAcceptedCount", eventAccepted.sum());
        out.put("AppendReceivedCount", appendReceived.sum());
        out.put("AppendAcceptedCount", appendAccepted.sum());
        out.put("AppendBatchReceivedCount", appendBatchReceived.sum());
        out.put("AppendBatchAcceptedCount", appendBatchAccepted.sum());
        out.put("OpenConnectionCount", openConnections.sum());
        out.put("EventReadFail", eventReadFail.sum());
        out.put("ChannelWriteFail", channelWriteFail.sum());
        out.put("GenericProcessingFail", genericProcessingFail.sum());
        extras.forEach((name, adder) -> out.put(name, adder.sum()));
    }

    @Override
    protected void reset() {
        eventReceived.reset();
        eventAccepted.reset();
        appendReceived.reset();
        appendAccepted.reset();
        appendBatchReceived.reset();
        appendBatchAccepted.reset();
        // OpenConnectionCount is a gauge of live sockets, not reset.
        eventReadFail.reset();
        channelWriteFail.reset();
        genericProcessingFail.reset();
        extras.values().forEach(LongAdder::reset);
    }
}
