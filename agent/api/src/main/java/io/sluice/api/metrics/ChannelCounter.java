package io.sluice.api.metrics;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Flume's ChannelCounter attributes. ChannelSize is read live from the channel. A channel type with
 * attributes of its own (Flume's file channel adds error counters and health flags) binds them with
 * {@link #bindExtras}; they follow the standard ones.
 */
public final class ChannelCounter extends CounterGroup {
    private final LongAdder putAttempt = new LongAdder();
    private final LongAdder putSuccess = new LongAdder();
    private final LongAdder takeAttempt = new LongAdder();
    private final LongAdder takeSuccess = new LongAdder();
    private volatile long capacity;
    private volatile LongSupplier size = () -> 0;
    private volatile Consumer<Map<String, Object>> extras = out -> { };

    public ChannelCounter(String name) {
        super(Type.CHANNEL, name);
    }

    /** Set by the channel at start: its capacity and how to read its current size. */
    public void bind(long channelCapacity, LongSupplier channelSize) {
        this.capacity = channelCapacity;
        this.size = channelSize;
    }

    /**
     * Set by a channel before or at start: adds the attributes of its own type to every snapshot.
     * The channel owns those values; {@link #start()} does not reset them.
     */
    public void bindExtras(Consumer<Map<String, Object>> channelAttributes) {
        this.extras = channelAttributes;
    }

    public void addPutAttempt(long n) {
        putAttempt.add(n);
    }

    public void addPutSuccess(long n) {
        putSuccess.add(n);
    }

    /** Per take call: the events it returned, or 1 for a call that found nothing (as Flume counts empty takes). */
    public void addTakeAttempt(long n) {
        takeAttempt.add(n);
    }

    public void addTakeSuccess(long n) {
        takeSuccess.add(n);
    }

    public long putSuccess() {
        return putSuccess.sum();
    }

    public long takeSuccess() {
        return takeSuccess.sum();
    }

    @Override
    protected void addAttributes(Map<String, Object> out) {
        long current = size.getAsLong();
        out.put("ChannelSize", current);
        out.put("ChannelCapacity", capacity);
        out.put("ChannelFillPercentage", capacity == 0 ? Double.MAX_VALUE : current * 100.0 / capacity);
        out.put("EventPutAttemptCount", putAttempt.sum());
        out.put("EventPutSuccessCount", putSuccess.sum());
        out.put("EventTakeAttemptCount", takeAttempt.sum());
        out.put("EventTakeSuccessCount", takeSuccess.sum());
        extras.accept(out);
    }

    @Override
    protected void reset() {
        putAttempt.reset();
        putSuccess.reset();
        takeAttempt.reset();
        takeSuccess.reset();
    }
}
