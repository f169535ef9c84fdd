package io.sluice.channels.file.wal.segment;

import io.sluice.channels.file.wal.Pointer;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * One appended record waiting for its group commit: where it was written, the sequence number the
 * writer gave it, what the committing transaction attached, and the outcome. The committing thread
 * waits on it; the group committer completes or fails it. Thread-safe.
 */
public final class Ticket {
    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int FAILED = 2;

    private final Segment segment;
    private final long start;
    private final long end;
    private final long firstSeq;
    private final Object attachment;
    private final Thread waiter = Thread.currentThread();
    private volatile int state = PENDING;
    private volatile IOException failure;

    Ticket(Segment segment, long start, long end, long firstSeq, Object attachment) {
        this.segment = segment;
        this.start = start;
        this.end = end;
        this.firstSeq = firstSeq;
        this.attachment = attachment;
    }

    public Segment segment() {
        return segment;
    }

    /** Pointer to the record's first byte. */
    public long recordPointer() {
        return Pointer.of(segment.id(), start);
    }

    /** Pointer just past the record: the log position once it is applied. */
    public long endPointer() {
        return Pointer.of(segment.id(), end);
    }

    /** Sequence number of a PUT record's first event (0 for TAKE records). */
    public long firstSeq() {
        return firstSeq;
    }

    public Object attachment() {
        return attachment;
    }

    /** The committing thread waiting on this ticket. */
    Thread waiter() {
        return waiter;
    }

    /**
     * Waits until the record is durable and applied, or throws the failure. Not interruptible: the
     * outcome of a commit must be known before it returns (the interrupt flag is kept).
     */
    public void await() throws IOException {
        boolean interrupted = false;
        while (state == PENDING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (state == FAILED) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    void complete() {
        state = DONE;
        LockSupport.unpark(waiter);
    }

    void fail(IOException cause) {
        failure = cause;
        state = FAILED;
        LockSupport.unpark(waiter);
    }
}
