package io.sluice.api;

import java.util.List;

/**
 * Flume's transaction template, batch-first. The public methods check the state machine
 * ({@code OPEN → COMPLETED → CLOSED}), thread confinement and transaction capacity, then call the
 * {@code do*} hooks, which a channel implements. Hooks are only ever called from the owning thread.
 */
public abstract class AbstractTransaction implements Transaction {

    private enum State { OPEN, COMPLETED, CLOSED }

    private final Thread owner = Thread.currentThread();
    private final int capacity;
    private State state = State.OPEN;
    private int putCount;
    private int takeCount;

    protected AbstractTransaction(int transactionCapacity) {
        this.capacity = transactionCapacity;
    }

    protected abstract void doPut(List<Event> events);

    /** Takes up to {@code max} (already capped by the remaining capacity, at least 1) events. */
    protected abstract List<Event> doTake(int max);

    protected abstract void doCommit();

    protected abstract void doRollback();

    /** Releases resources after completion; called once, from {@link #close()}. */
    protected void doClose() {
    }

    @Override
    public final void put(List<Event> events) {
        check("put", State.OPEN);
        for (Event e : events) {
            if (e == null) {
                throw new IllegalArgumentException("put() called with null event!");
            }
        }
        if (putCount + events.size() > capacity) {
            throw new ChannelException("Put of " + events.size() + " events exceeds the transaction capacity of "
                    + capacity + " (" + putCount + " already put); commit more often or raise transactionCapacity");
        }
        doPut(events);
        putCount += events.size();
    }

    @Override
    public final List<Event> take(int max) {
        check("take", State.OPEN);
        if (max <= 0) {
            throw new IllegalArgumentException("take() needs max > 0, got " + max);
        }
        int room = capacity - takeCount;
        if (room <= 0) {
            throw new ChannelException("Take list of the transaction is full at its capacity of " + capacity
                    + "; commit more often or raise transactionCapacity");
        }
        List<Event> taken = doTake(Math.min(max, room));
        takeCount += taken.size();
        return taken;
    }

    @Override
    public final void commit() {
        check("commit", State.OPEN);
        doCommit();
        state = State.COMPLETED;
    }

    @Override
    public final void rollback() {
        check("rollback", State.OPEN);
        state = State.COMPLETED;
        doRollback();
    }

    @Override
    public final void close() {
        checkThread("close");
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (state == State.OPEN) {
                state = State.COMPLETED;
                doRollback();
            }
        } finally {
            state = State.CLOSED;
            doClose();
        }
    }

    protected final int putCount() {
        return putCount;
    }

    protected final int takeCount() {
        return takeCount;
    }

    private void check(String op, State expected) {
        checkThread(op);
        if (state != expected) {
            throw new IllegalStateException(op + "() called when transaction is " + state + "!");
        }
    }

    private void checkThread(String op) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(op + "() called from a different thread than the one that began the transaction");
        }
    }
}
