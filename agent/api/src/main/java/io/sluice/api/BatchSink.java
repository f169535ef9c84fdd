package io.sluice.api;

import io.sluice.api.metrics.SinkCounter;
import java.util.List;

/**
 * The batch-first sink loop of DESIGN §3 (Flume's transaction template), written once for every
 * sink: one transaction per {@link #process()}, one take of up to {@code batchSize} events (the take
 * itself waits on the channel, so the sink never sleeps), {@link #deliver} the batch, commit. A
 * failure anywhere before the commit rolls the take back, so every event stays in the channel and
 * is offered again.
 *
 * <p>Counters: Batch{Empty,Underflow,Complete} per take, EventDrainAttempt before delivery,
 * EventDrainSuccess after commit, ChannelReadFail when the channel fails a take or the commit.
 * {@link #deliver} counts its own destination failures (EventWriteFail, ConnectionFailed), since
 * only it knows which of them happened.
 *
 * <p>{@code process()} is called by one runner thread at a time; subclasses say how their hooks and
 * {@code stop} are guarded.
 */
public abstract class BatchSink implements Sink {

    protected final String name;
    protected final SinkCounter counter;
    private final String label;
    private final Channel channel;
    private final int batchSize;

    /** {@code type} is the sink's config type (e.g. {@code hdfs}); errors name the sink as "hdfs sink k1". */
    protected BatchSink(String type, SinkContext ctx, int batchSize) {
        this.name = ctx.name();
        this.counter = ctx.counter();
        this.channel = ctx.channel();
        this.batchSize = batchSize;
        this.label = type + " sink " + name;
    }

    /**
     * Writes the batch to the destination. Runs inside the open transaction: throwing rolls it
     * back, so every event stays in the channel and is offered again.
     */
    protected abstract void deliver(List<Event> events) throws EventDeliveryException;

    /**
     * Called before each transaction begins, e.g. to connect; throwing takes nothing from the
     * channel, so a destination that is down costs no take and rollback.
     */
    protected void beforeTake() throws EventDeliveryException {
    }

    /** Called when a take found nothing, before the empty transaction commits. */
    protected void idle() throws EventDeliveryException {
    }

    /** Called after a non-empty batch committed. */
    protected void delivered(int events) {
    }

    /** Most events taken per transaction. */
    public final int batchSize() {
        return batchSize;
    }

    /** How errors name this sink: its type and name, e.g. "hdfs sink k1". */
    protected final String label() {
        return label;
    }

    @Override
    public final Status process() throws EventDeliveryException {
        beforeTake();
        try (Transaction tx = channel.begin()) {
            List<Event> events;
            try {
                events = tx.take(batchSize);
            } catch (ChannelException e) {
                counter.incrementChannelReadFail();
                throw new EventDeliveryException(label + " could not take from its channel: " + e.getMessage(), e);
            }
            int n = events.size();
            counter.recordBatch(n, batchSize);
            if (n == 0) {
                idle();
                commit(tx);
                return Status.BACKOFF;
            }
            counter.addDrainAttempt(n);
            deliver(events);
            commit(tx);
            counter.addDrainSuccess(n);
            delivered(n);
            return Status.READY;
        }
    }

    private void commit(Transaction tx) throws EventDeliveryException {
        try {
            tx.commit();
        } catch (ChannelException e) {
            // The events were delivered but stay in the channel (close() rolls back): they will be
            // delivered again, which at-least-once allows.
            counter.incrementChannelReadFail();
            throw new EventDeliveryException(label + " could not commit its take (the batch was delivered and "
                    + "stays in the channel, so it will be delivered again): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + name + "}";
    }
}
