package io.sluice.channels.file;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.channels.file.queue.Entries;
import io.sluice.channels.file.queue.PointerQueue;
import io.sluice.channels.file.wal.Pointer;
import io.sluice.channels.file.wal.checkpoint.Checkpoint;
import io.sluice.channels.file.wal.checkpoint.Checkpointer;
import io.sluice.channels.file.wal.segment.GroupCommitter;
import io.sluice.channels.file.wal.segment.Ticket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel's in-memory state, guarded by one lock: the pointer queue, the events held by open
 * take transactions, the capacity slots in use, and the log position this state corresponds to.
 *
 * <p>Every change that has a record in the log is applied by the group committer in log order
 * ({@link #publish}), together with the new position, so a copy taken under the lock
 * ({@link #capture}) is exactly the state after every record before that position: a consistent
 * checkpoint without stopping puts and takes for more than the copy. A slot is held from the put
 * commit that reserves it until the take commit that releases it. Thread-safe.
 */
final class ChannelState implements GroupCommitter.Publisher, Checkpointer.StateSource {

    /** What a PUT record's ticket carries: the events and their offsets from the record's start. */
    record PutBatch(Event[] events, int[] offsets) {
    }

    private final String name;
    private final UUID logId;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final PointerQueue queue;
    private final Set<TakeList> takers = new LinkedHashSet<>();
    private long used;
    private long position;
    private long nextSeq;
    private long changes;
    private long capturedChanges = -1;
    private boolean stopped;
    private volatile int size;

    ChannelState(String name, UUID logId, int capacity, long cacheBytes, Entries live, long position, long nextSeq) {
        this.name = name;
        this.logId = logId;
        this.capacity = capacity;
        this.queue = new PointerQueue(cacheBytes);
        this.queue.addLast(live.seqArray(), live.pointerArray(), null, 0, live.size());
        this.used = live.size();
        this.position = position;
        this.nextSeq = nextSeq;
        this.size = queue.size();
    }

    /** Committed events waiting to be taken. */
    int size() {
        return size;
    }

    /** Takes capacity for {@code n} events, waiting up to {@code nanos}; throws if there is none. */
    void reserve(int n, long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (used + n > capacity) {
                if (stopped) {
                    throw new ChannelException("File channel " + name + " is stopped");
                }
                if (left <= 0) {
                    throw new ChannelFullException("File channel " + name + " is full: no room to commit " + n
                            + " events within keep-alive " + TimeUnit.NANOSECONDS.toSeconds(nanos) + " s; " + used
                            + " of its capacity of " + capacity + " events are stored or being committed. Sinks are "
                            + "not keeping up with sources, or capacity is too small");
                }
                left = notFull.awaitNanos(left);
            }
            used += n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("Interrupted while file channel " + name + " waited for room for " + n
                    + " events; nothing was committed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back slots of a put commit that failed. */
    void unreserve(int n) {
        lock.lock();
        try {
            used -= n;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} events from the head of the queue into {@code t}, waiting up to
     * {@code nanos} for the first one. Returns how many; 0 on timeout, stop or interrupt.
     */
    int take(TakeList t, int max, long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (queue.size() == 0) {
                if (left <= 0 || stopped) {
                    return 0;
                }
                left = notEmpty.awaitNanos(left);
            }
            int n = queue.pollFirst(max, t.entries);
            takers.add(t);
            size = queue.size();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** Marks a taken event damaged: it is left out of checkpoints from now on. */
    void dropped(TakeList t, int i) {
        lock.lock();
        try {
            t.drop(i);
            changes++;
        } finally {
            lock.unlock();
        }
    }

    /** Returns a transaction's taken events, those not found damaged, to the head of the queue in order. */
    void rollback(TakeList t) {
        lock.lock();
        try {
            if (!takers.remove(t)) {
                return;
            }
            Entries e = t.entries;
            Entries back = new Entries(e.size());
            for (int i = 0; i < e.size(); i++) {
                if (!t.dropped(i)) {
                    back.add(e.seq(i), e.pointer(i), e.event(i));
                }
            }
            queue.addFirst(back.seqArray(), back.pointerArray(), back.eventArray(), back.size());
            used -= e.size() - back.size();
            size = queue.size();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void publish(List<Ticket> group) {
        lock.lock();
        try {
            for (Ticket t : group) {
                if (t.attachment() instanceof PutBatch put) {
                    Event[] events = put.events();
                    int n = events.length;
                    long[] seqs = new long[n];
                    long[] pointers = new long[n];
                    long record = t.recordPointer();
                    long segment = Pointer.segment(record);
                    long base = Pointer.offset(record);
                    for (int i = 0; i < n; i++) {
                        seqs[i] = t.firstSeq() + i;
                        pointers[i] = Pointer.of(segment, base + put.offsets()[i]);
                    }
                    queue.addLast(seqs, pointers, events, 0, n);
                    nextSeq = t.firstSeq() + n;
                } else if (t.attachment() instanceof TakeList taken && takers.remove(taken)) {
                    used -= taken.size();
                }
                position = t.endPointer();
            }
            changes++;
            size = queue.size();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Checkpoint capture(boolean force) {
        lock.lock();
        try {
            if (!force && changes == capturedChanges) {
                return null;
            }
            Entries copy = new Entries(queue.size() + 16);
            for (TakeList t : takers) {
                Entries e = t.entries;
                for (int i = 0; i < e.size(); i++) {
                    if (!t.dropped(i)) {
                        copy.add(e.seq(i), e.pointer(i), null);
                    }
                }
            }
            queue.copyTo(copy);
            capturedChanges = changes;
            return new Checkpoint(logId, position, nextSeq, System.currentTimeMillis(), copy);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting put and take; from now on takes find nothing and puts fail. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
