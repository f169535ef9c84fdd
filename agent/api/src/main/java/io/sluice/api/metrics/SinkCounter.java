package io.sluice.api.metrics;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Flume's SinkCounter attributes. */
public final class SinkCounter extends CounterGroup {
    private final LongAdder connectionCreated = new LongAdder();
    private final LongAdder connectionClosed = new LongAdder();
    private final LongAdder connectionFailed = new LongAdder();
    private final LongAdder batchEmpty = new LongAdder();
    private final LongAdder batchUnderflow = new LongAdder();
    private final LongAdder batchComplete = new LongAdder();
    private final LongAdder drainAttempt = new LongAdder();
    private final LongAdder drainSuccess = new LongAdder();
    private final LongAdder eventWriteFail = new LongAdder();
    private final LongAdder channelReadFail = new LongAdder();

    public SinkCounter(String name) {
        super(Type.SINK, name);
    }

    public void incrementConnectionCreated() {
        connectionCreated.increment();
    }

    public void incrementConnectionClosed() {
        connectionClosed.increment();
    }

    public void incrementConnectionFailed() {
        connectionFailed.increment();
    }

    /** Records the size of a take against the batch size: empty, underflow or complete. */
    public void recordBatch(int taken, int batchSize) {
        if (taken == 0) {
            batchEmpty.increment();
        } else if (taken < batchSize) {
            batchUnderflow.increment();
        } else {
            batchComplete.increment();
        }
    }

    public void addDrainAttempt(long n) {
        drainAttempt.add(n);
    }

    public void addDrainSuccess(long n) {
        drainSuccess.add(n);
    }

    public void incrementEventWriteFail() {
        eventWriteFail.increment();
    }

    public void incrementChannelReadFail() {
        channelReadFail.increment();
    }

    public long drainSuccess() {
        return drainSuccess.sum();
    }

    @Override
    protected void addAttributes(Map<String, Object> out) {
        out.put("ConnectionCreatedCount", connectionCreated.sum());
        out.put("ConnectionClosedCount", connectionClosed.sum());
        out.put("ConnectionFailedCount", connectionFailed.sum());
        out.put("BatchEmptyCount", batchEmpty.sum());
        out.put("BatchUnderflowCount", batchUnderflow.sum());
        out.put("BatchCompleteCount", batchComplete.sum());
        out.put("EventDrainAttemptCount", drainAttempt.sum());
        out.put("EventDrainSuccessCount", drainSuccess.sum());
        out.put("EventWriteFail", eventWriteFail.sum());
        out.put("ChannelReadFail", channelReadFail.sum());
    }

    @Override
    protected void reset() {
        connectionCreated.reset();
        connectionClosed.reset();
        connectionFailed.reset();
        batchEmpty.reset();
        batchUnderflow.reset();
        batchComplete.reset();
        drainAttempt.reset();
        drainSuccess.reset();
        eventWriteFail.reset();
        channelReadFail.reset();
    }
}
