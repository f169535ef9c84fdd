package io.sluice.channels.memory;

import io.sluice.api.AbstractTransaction;
import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.api.metrics.ChannelCounter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code memory} channel: committed events wait in a bounded in-memory queue and are lost
 * when the process exits.
 *
 * <p><b>Thread-safety.</b> The channel is thread-safe: any number of threads may run their own
 * transactions at once, each confined to the thread that began it. One lock guards the queue; a
 * transaction takes it once per {@code take} call and once for a commit that puts, and moves the
 * whole batch with array copies. Committing a take-only transaction takes no lock.
 *
 * <p><b>Semantics</b> (spec §5.1 and §5.2, with Sluice's corrections):
 * <ul>
 *   <li>Puts are staged in the transaction, invisible to takers, and appended to the tail at
 *       commit in put order.</li>
 *   <li>The channel is bounded by {@code capacity} events and by a byte budget of
 *       {@code byteCapacity × (1 − byteCapacityBufferPercentage/100)}; an event costs
 *       {@link Event#sizeInBytes()}, headers included. An event holds its slot and its bytes from
 *       the commit that puts it until the commit that takes it, so a rollback never lacks room.
 *       Puts acquire and takes release independently, so a transaction that both puts and takes
 *       keeps the byte count exact (Flume's lets it drift).</li>
 *   <li>A commit waits up to {@code keep-alive} seconds for room, then throws
 *       {@link ChannelFullException} when events do not fit, or {@link ChannelException} when
 *       only bytes do not. A failed commit changes nothing; the transaction stays open.</li>
 *   <li>A take removes events from the head at once, so other takers cannot see them. It waits up
 *       to {@code keep-alive} for the first event only, then takes what is there up to its
 *       maximum; on timeout, interrupt (flag restored) or {@link #stop()} it returns an empty
 *       list. Returned lists are read-only.</li>
 *   <li>A rollback discards the puts and returns every taken event to the head of the queue, in
 *       the order taken, ahead of anything committed meanwhile.</li>
 * </ul>
 *
 * <p>Events must not be mutated while they are in the channel: their byte cost is measured once,
 * at put.
 */
public final class MemoryChannel implements Channel {

    public static final ConfigKey<Integer> CAPACITY = ConfigKey.integer("capacity")
            .defaultValue(100).check(Check.atLeast(1))
            .doc("Most events the channel holds, counting taken events until their take commits.");

    public static final ConfigKey<Integer> TRANSACTION_CAPACITY = ConfigKey.integer("transactionCapacity")
            .defaultValue(100).check(Check.atLeast(1))
            .doc("Most events one transaction may put, and separately most it may take; at most capacity.");

    public static final ConfigKey<Integer> KEEP_ALIVE = ConfigKey.integer("keep-alive")
            .defaultValue(3).check(Check.atLeast(0))
            .doc("Seconds a commit waits for room, and a take waits for its first event.");

    public static final ConfigKey<Long> BYTE_CAPACITY = ConfigKey.longKey("byteCapacity")
            .defaultDescribedAs("80% of the JVM's max heap").check(Check.atLeast(0L))
            .doc("Byte budget for stored events, headers included, before the buffer percentage; 0 = unlimited.");

    public static final ConfigKey<Integer> BYTE_CAPACITY_BUFFER_PERCENTAGE =
            ConfigKey.integer("byteCapacityBufferPercentage")
                    .defaultValue(20).check(Check.between(0, 100))
                    .doc("Percent of byteCapacity held back: usable bytes = byteCapacity × (1 − this/100).");

    public static final ComponentSpec<ChannelContext, Channel> SPEC =
            ComponentSpec.<ChannelContext, Channel>builder(Kind.CHANNEL, "memory", MemoryChannel::new)
                    .flumeClass("org.apache.flume.channel.MemoryChannel")
                    .doc("Keeps events in memory, bounded by event count and bytes; fast, but events are lost "
                            + "when the process exits.")
                    .keys(CAPACITY)
                    .transactionCapacity(TRANSACTION_CAPACITY)
                    .keys(KEEP_ALIVE, BYTE_CAPACITY, BYTE_CAPACITY_BUFFER_PERCENTAGE)
                    .crossCheck(MemoryChannel::crossCheck)
                    .note("A memory channel loses its events when the agent process exits or crashes.")
                    .build();

    private static final Logger LOG = LoggerFactory.getLogger(MemoryChannel.class);
    private static final Object[] NO_EVENTS = new Object[0];
    private static final int[] NO_SIZES = new int[0];
    private static final int INITIAL_RING = 1024;

    private final String name;
    private final ChannelCounter counter;
    private final int capacity;
    private final int transactionCapacity;
    private final int keepAliveSeconds;
    private final long keepAliveNanos;
    private final long byteCapacity;
    private final boolean byteCapacityDefaulted;
    private final int bufferPercentage;
    private final long byteBudget;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    // The queue: a ring of events with their byte costs alongside, so releasing a take's bytes
    // never touches the events themselves (they are cold in the taker's cache). Guarded by lock.
    private Object[] ring;
    private int[] ringSizes;
    private int head;
    private int count;
    private int takersWaiting;

    // Slots and bytes held by queued events plus taken-but-uncommitted ones. Only commits holding
    // the lock increase them; take commits decrease them without the lock, and look at
    // puttersWaiting afterwards: a putter raises it before its last check, so one of the two
    // always sees the other and no wake-up is lost.
    private final AtomicLong usedSlots = new AtomicLong();
    private final AtomicLong usedBytes = new AtomicLong();
    private volatile int puttersWaiting;
    private volatile boolean stopped;

    public MemoryChannel(ChannelContext context) {
        Settings settings = context.settings();
        List<SettingsProblem> problems = crossCheck(settings);
        if (!problems.isEmpty()) {
            // The runtime validates first; this guards hand-built settings that skipped it.
            throw new IllegalArgumentException("memory channel '" + context.name() + "': " + problems);
        }
        this.name = context.name();
        this.counter = Objects.requireNonNull(context.counter(), "counter");
        this.capacity = settings.get(CAPACITY);
        this.transactionCapacity = settings.get(TRANSACTION_CAPACITY);
        this.keepAliveSeconds = settings.get(KEEP_ALIVE);
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.byteCapacityDefaulted = settings.get(BYTE_CAPACITY) == null;
        this.byteCapacity = byteCapacity(settings);
        this.bufferPercentage = settings.get(BYTE_CAPACITY_BUFFER_PERCENTAGE);
        this.byteBudget = usableBytes(byteCapacity, bufferPercentage);
        int initial = Math.min(capacity, INITIAL_RING);
        this.ring = new Object[initial];
        this.ringSizes = new int[initial];
    }

    @Override
    public void start() {
        stopped = false;
        counter.start();
        counter.bind(capacity, this::size);
        LOG.info("Memory channel '{}' started: capacity {} events, transactionCapacity {}, keep-alive {} s, "
                + "byte capacity {}", name, capacity, transactionCapacity, keepAliveSeconds, describeByteCapacity());
    }

    @Override
    public void stop() {
        stopped = true;
        lock.lock();
        try {
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        counter.stop();
        LOG.info("Memory channel '{}' stopped with {} events queued", name, size());
    }

    @Override
    public Transaction begin() {
        return new MemoryTransaction();
    }

    @Override
    public long size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return "MemoryChannel{" + name + "}";
    }

    /** Usable byte budget: {@code byteCapacity × (1 − pct/100)} rounded down; 0 means unlimited. */
    static long usableBytes(long byteCapacity, int bufferPercentage) {
        if (byteCapacity == 0) {
            return Long.MAX_VALUE;
        }
        int keep = 100 - bufferPercentage;
        // Split so that byteCapacity near Long.MAX_VALUE cannot overflow.
        return byteCapacity / 100 * keep + byteCapacity % 100 * keep / 100;
    }

    private static long byteCapacity(Settings settings) {
        Long configured = settings.get(BYTE_CAPACITY);
        return configured != null ? configured : (long) (Runtime.getRuntime().maxMemory() * 0.8);
    }

    private static List<SettingsProblem> crossCheck(Settings settings) {
        List<SettingsProblem> problems = new ArrayList<>(2);
        int capacity = settings.get(CAPACITY);
        int transactionCapacity = settings.get(TRANSACTION_CAPACITY);
        if (transactionCapacity > capacity) {
            problems.add(new SettingsProblem(TRANSACTION_CAPACITY.name(),
                    "transactionCapacity = " + transactionCapacity + " is higher than capacity = " + capacity
                            + ": one transaction's puts must fit in the channel, so transactionCapacity must be "
                            + "at most capacity"));
        }
        long byteCapacity = byteCapacity(settings);
        int pct = settings.get(BYTE_CAPACITY_BUFFER_PERCENTAGE);
        // Flume silently treats a budget under one slot as unlimited; Sluice says so instead.
        if (byteCapacity > 0 && usableBytes(byteCapacity, pct) == 0) {
            String origin = settings.get(BYTE_CAPACITY) == null ? " (default, 80% of the JVM's max heap)" : "";
            problems.add(new SettingsProblem(BYTE_CAPACITY_BUFFER_PERCENTAGE.name(),
                    "byteCapacity = " + byteCapacity + origin + " with byteCapacityBufferPercentage = " + pct
                            + " leaves no usable bytes, so no event could ever be stored; lower "
                            + "byteCapacityBufferPercentage, or set byteCapacity = 0 for no byte limit"));
        }
        return problems;
    }

    private String describeByteCapacity() {
        if (byteBudget == Long.MAX_VALUE) {
            return "unlimited (byteCapacity = 0)";
        }
        return byteBudget + " bytes usable (byteCapacity " + byteCapacity
                + (byteCapacityDefaulted ? ", the default of 80% of max heap," : "")
                + " less byteCapacityBufferPercentage " + bufferPercentage + "%)";
    }

    private static int sizeOf(Event e) {
        return (int) Math.min(e.sizeInBytes(), Integer.MAX_VALUE);
    }

    // ---- queue operations; all called with the lock held ----

    private void ensureRoom(int extra) {
        int needed = count + extra;
        if (needed <= ring.length) {
            return;
        }
        int grown = (int) Math.min(capacity, Math.max(needed, 2L * ring.length));
        Object[] newRing = new Object[Math.max(grown, needed)];
        int[] newSizes = new int[newRing.length];
        int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, newRing, 0, first);
        System.arraycopy(ring, 0, newRing, first, count - first);
        System.arraycopy(ringSizes, head, newSizes, 0, first);
        System.arraycopy(ringSizes, 0, newSizes, first, count - first);
        ring = newRing;
        ringSizes = newSizes;
        head = 0;
    }

    private void append(Object[] events, int[] sizes, int n) {
        ensureRoom(n);
        int len = ring.length;
        int tail = (head - len) + count;
        if (tail < 0) {
            tail += len;
        }
        int first = Math.min(n, len - tail);
        System.arraycopy(events, 0, ring, tail, first);
        System.arraycopy(events, first, ring, 0, n - first);
        System.arraycopy(sizes, 0, ringSizes, tail, first);
        System.arraycopy(sizes, first, ringSizes, 0, n - first);
        count += n;
    }

    private void prepend(Object[] events, int[] sizes, int n) {
        ensureRoom(n);
        int len = ring.length;
        int newHead = head - n;
        if (newHead < 0) {
            newHead += len;
        }
        int first = Math.min(n, len - newHead);
        System.arraycopy(events, 0, ring, newHead, first);
        System.arraycopy(events, first, ring, 0, n - first);
        System.arraycopy(sizes, 0, ringSizes, newHead, first);
        System.arraycopy(sizes, first, ringSizes, 0, n - first);
        head = newHead;
        count += n;
    }

    private void removeFirst(Object[] events, int[] sizes, int n) {
        int len = ring.length;
        int first = Math.min(n, len - head);
        System.arraycopy(ring, head, events, 0, first);
        System.arraycopy(ring, 0, events, first, n - first);
        System.arraycopy(ringSizes, head, sizes, 0, first);
        System.arraycopy(ringSizes, 0, sizes, first, n - first);
        // Drop the ring's references so taken events can be collected once their sink is done.
        Arrays.fill(ring, head, head + first, null);
        Arrays.fill(ring, 0, n - first, null);
        int newHead = (head - len) + n;
        head = newHead < 0 ? newHead + len : newHead;
        count -= n;
    }

    private boolean fits(long slots, long bytes) {
        return usedSlots.get() + slots <= capacity && bytes <= byteBudget - usedBytes.get();
    }

    /** Called by a take-only commit, without the lock. */
    private void release(long slots, long bytes) {
        usedSlots.addAndGet(-slots);
        usedBytes.addAndGet(-bytes);
        if (puttersWaiting > 0) {
            lock.lock();
            try {
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** A read-only view of one take's events; the transaction keeps the same array for rollback. */
    private static final class TakenEvents extends AbstractList<Event> implements RandomAccess {
        private final Object[] events;

        TakenEvents(Object[] events) {
            this.events = events;
        }

        @Override
        public Event get(int index) {
            return (Event) events[Objects.checkIndex(index, events.length)];
        }

        @Override
        public int size() {
            return events.length;
        }

        @Override
        public Object[] toArray() {
            return events.clone();
        }
    }

    /** Confined to its thread by {@link AbstractTransaction}; touches shared state only under the lock or via atomics. */
    private final class MemoryTransaction extends AbstractTransaction {
        private Object[] puts = NO_EVENTS;
        private int[] putSizes = NO_SIZES;
        private int putN;
        private long putBytes;

        private Object[] taken = NO_EVENTS;
        private int[] takenSizes = NO_SIZES;
        private int takeN;
        private long takenBytes;

        MemoryTransaction() {
            super(transactionCapacity);
        }

        @Override
        protected void doPut(List<Event> events) {
            Object[] batch = events.toArray();
            int n = batch.length;
            int start = putN;
            if (start == 0) {
                puts = batch; // the common single put per transaction: adopt the copy, no second one
                putSizes = new int[n];
            } else {
                int needed = start + n;
                if (needed > puts.length) {
                    int len = (int) Math.min(transactionCapacity, Math.max(needed, 2L * puts.length));
                    puts = Arrays.copyOf(puts, len);
                    putSizes = Arrays.copyOf(putSizes, len);
                }
                System.arraycopy(batch, 0, puts, start, n);
            }
            long bytes = 0;
            Object[] staged = puts;
            int[] sizes = putSizes;
            for (int i = start, end = start + n; i < end; i++) {
                int size = sizeOf((Event) staged[i]);
                sizes[i] = size;
                bytes += size;
            }
            putN = start + n;
            putBytes += bytes;
            counter.addPutAttempt(n);
        }

        @Override
        protected List<Event> doTake(int max) {
            Object[] events = null;
            int[] sizes = null;
            lock.lock();
            try {
                if (count > 0 || awaitFirstEvent()) {
                    int n = Math.min(max, count);
                    events = new Object[n];
                    sizes = new int[n];
                    removeFirst(events, sizes, n);
                }
            } finally {
                lock.unlock();
            }
            if (events == null) {
                counter.addTakeAttempt(1);
                return List.of();
            }
            int n = events.length;
            long bytes = 0;
            for (int size : sizes) {
                bytes += size;
            }
            if (takeN == 0) {
                taken = events;
                takenSizes = sizes;
            } else {
                taken = Arrays.copyOf(taken, takeN + n);
                takenSizes = Arrays.copyOf(takenSizes, takeN + n);
                System.arraycopy(events, 0, taken, takeN, n);
                System.arraycopy(sizes, 0, takenSizes, takeN, n);
            }
            takeN += n;
            takenBytes += bytes;
            counter.addTakeAttempt(n);
            return new TakenEvents(events);
        }

        /** With the lock held and the queue empty: true once an event is there, false on timeout, stop or interrupt. */
        private boolean awaitFirstEvent() {
            long nanos = keepAliveNanos;
            if (nanos <= 0 || stopped) {
                return false;
            }
            takersWaiting++;
            try {
                while (count == 0) {
                    if (nanos <= 0 || stopped) {
                        return false;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                takersWaiting--;
            }
        }

        @Override
        protected void doCommit() {
            if (putN == 0) {
                if (takeN > 0) {
                    release(takeN, takenBytes);
                    counter.addTakeSuccess(takeN);
                }
                return;
            }
            if (putBytes > byteBudget) {
                throw new ChannelException("Memory channel '" + name + "' cannot store a commit of " + putN
                        + " events and " + putBytes + " bytes: that is more than its whole usable byte capacity of "
                        + byteBudget + " bytes (" + describeByteCapacity() + "), so it can never fit; "
                        + "send smaller batches or raise byteCapacity");
            }
            // Net of this transaction's own takes, which give their room back in the same step.
            long slots = (long) putN - takeN;
            long bytes = putBytes - takenBytes;
            lock.lock();
            try {
                if (!fits(slots, bytes)) {
                    awaitRoom(slots, bytes);
                }
                ensureRoom(putN);
                usedSlots.addAndGet(slots);
                usedBytes.addAndGet(bytes);
                append(puts, putSizes, putN);
                if (takersWaiting > 0) {
                    notEmpty.signalAll();
                }
                if (takeN > 0 && puttersWaiting > 0) {
                    notFull.signalAll();
                }
            } finally {
                lock.unlock();
            }
            counter.addPutSuccess(putN);
            if (takeN > 0) {
                counter.addTakeSuccess(takeN);
            }
        }

        /** With the lock held: returns once the commit fits, or throws having changed nothing. */
        private void awaitRoom(long slots, long bytes) {
            long nanos = keepAliveNanos;
            puttersWaiting++;
            try {
                while (!fits(slots, bytes)) {
                    if (nanos <= 0 || stopped) {
                        throw noRoom(slots);
                    }
                    nanos = notFull.awaitNanos(nanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChannelException("Interrupted while memory channel '" + name
                        + "' waited for room to commit " + putN + " events; nothing was committed", e);
            } finally {
                puttersWaiting--;
            }
        }

        private ChannelException noRoom(long slots) {
            String waited = stopped ? "the channel is stopping" : "waited keep-alive " + keepAliveSeconds + " s";
            if (usedSlots.get() + slots > capacity) {
                return new ChannelFullException("Memory channel '" + name + "' is full: no room to commit "
                        + putN + " events (" + waited + "); " + usedSlots.get() + " of its capacity of " + capacity
                        + " events are queued or taken but not yet committed. Sinks are not keeping up with "
                        + "sources, or capacity is too small");
            }
            return new ChannelException("Memory channel '" + name + "' is out of byte capacity: no room to commit "
                    + putBytes + " bytes (" + waited + "); " + usedBytes.get() + " of " + describeByteCapacity()
                    + " are in use. Sinks are not keeping up with sources, or byteCapacity (or the heap) is too "
                    + "small");
        }

        @Override
        protected void doRollback() {
            if (takeN == 0) {
                return;
            }
            // The taken events still hold their slots and bytes, so putting them back needs no room.
            lock.lock();
            try {
                prepend(taken, takenSizes, takeN);
                if (takersWaiting > 0) {
                    notEmpty.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        protected void doClose() {
            puts = NO_EVENTS;
            putSizes = NO_SIZES;
            taken = NO_EVENTS;
            takenSizes = NO_SIZES;
        }
    }
}
