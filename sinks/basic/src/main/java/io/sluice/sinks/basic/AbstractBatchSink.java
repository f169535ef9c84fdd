package io.sluice.sinks.basic;

import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.SinkCounter;
import java.util.List;

/**
 * The batch-first sink loop of DESIGN §3, shared by this module's sinks: one transaction per
 * {@link #process()}, one take of up to {@code batchSize} events (the take itself waits on the
 * channel, so the sink never sleeps), {@link #deliver} the batch, commit.
 *
 * <p>Counters: Batch{Empty,Underflow,Complete} per take, EventDrainAttempt before delivery,
 * EventDrainSuccess after commit, ChannelReadFail when the channel fails a take or the commit.
 * {@link #deliver} counts its own destination failures (EventWriteFail, ConnectionFailed), since
 * only it knows which of them happened.
 *
 * <p>{@code process()} is called by one runner thread at a time; subclasses say how their
 * {@code deliver} and {@code stop} are guarded.
 */
abstract class AbstractBatchSink implements Sink {

    protected final String name;
    protected final SinkCounter counter;
    private final Channel channel;
    private final int batchSize;

    AbstractBatchSink(SinkContext ctx, int batchSize) {
        this.name = ctx.name();
        this.counter = ctx.counter();
        this.channel = ctx.channel();
        this.batchSize = batchSize;
    }

    /**
     * Writes the batch to the destination. Runs inside the open transaction: throwing rolls it
     * back, so every event stays in the channel and is offered again.
     */
    protected abstract void deliver(List<Event> events) throws EventDeliveryException;

    /** Called when a take found nothing, before the empty transaction commits. */
    protected void idle() throws EventDeliveryException {
    }

    /** Called after a non-empty batch committed. */
    protected void delivered(int events) {
    }

    int batchSize() {
        return batchSize;
    }

    @Override
    public final Status process() throws EventDeliveryException {
        try (Transaction tx = channel.begin()) {
            List<Event> events;
            try {
                events = tx.take(batchSize);
            } catch (ChannelException e) {
                counter.incrementChannelReadFail();
                throw new EventDeliveryException("Sink " + name + " could not take from its channel: " + e.getMessage(), e);
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
            throw new EventDeliveryException("Sink " + name + " could not commit its take: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + name + "}";
    }
}
