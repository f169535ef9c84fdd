package io.sluice.channels.file.queue;

import io.sluice.api.Event;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A growable list of queue entries: each is an event's sequence number, its pointer into the log,
 * and the event itself when it is held in memory (else null). Used for a transaction's takes,
 * for snapshots and for replay. Not thread-safe.
 */
public final class Entries {
    private long[] seqs;
    private long[] pointers;
    private Event[] events;
    private int size;

    public Entries() {
        this(16);
    }

    public Entries(int initialCapacity) {
        int c = Math.max(1, initialCapacity);
        seqs = new long[c];
        pointers = new long[c];
        events = new Event[c];
    }

    public void add(long seq, long pointer, Event event) {
        ensure(size + 1);
        seqs[size] = seq;
        pointers[size] = pointer;
        events[size] = event;
        size++;
    }

    public void ensure(int capacity) {
        if (capacity > seqs.length) {
            int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, 2L * seqs.length));
            seqs = Arrays.copyOf(seqs, c);
            pointers = Arrays.copyOf(pointers, c);
            events = Arrays.copyOf(events, c);
        }
    }

    public int size() {
        return size;
    }

    public long seq(int i) {
        return seqs[i];
    }

    public long pointer(int i) {
        return pointers[i];
    }

    public Event event(int i) {
        return events[i];
    }

    /** The backing arrays, valid up to {@link #size()}, for bulk copies; they change when the list grows. */
    public long[] seqArray() {
        return seqs;
    }

    public long[] pointerArray() {
        return pointers;
    }

    public Event[] eventArray() {
        return events;
    }

    /** Keeps only the entries {@code keep} accepts, in order. */
    public void retain(IntPredicate keep) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (keep.test(r)) {
                seqs[w] = seqs[r];
                pointers[w] = pointers[r];
                events[w] = events[r];
                w++;
            }
        }
        Arrays.fill(events, w, size, null);
        size = w;
    }

    public void clear() {
        Arrays.fill(events, 0, size, null);
        size = 0;
    }
}
