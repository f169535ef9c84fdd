package io.sluice.api.metrics;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Flume's SourceCounter attributes. */
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
    }
}
