package io.sluice.channels.file.queue;

import io.sluice.api.Event;

/**
 * The channel's queue: for every stored event, in take order, its sequence number, its pointer
 * into the log and, while a memory budget allows, the event itself, so a take of a recent event
 * does not touch the disk. Primitive ring buffers keep a million queued events at about 20 bytes
 * each plus the cached events. Not thread-safe: the channel guards it with its lock.
 */
public final class PointerQueue {
    private static final int INITIAL = 1024;

    private final long cacheBudget;
    private long[] seqs = new long[INITIAL];
    private long[] pointers = new long[INITIAL];
    private Event[] events = new Event[INITIAL];
    private int[] sizes = new int[INITIAL];
    private int head;
    private int count;
    private long cachedBytes;

    /** @param cacheBudget bytes of events ({@link Event#sizeInBytes()}) kept in memory at most */
    public PointerQueue(long cacheBudget) {
        this.cacheBudget = cacheBudget;
    }

    public int size() {
        return count;
    }

    public long cachedBytes() {
        return cachedBytes;
    }

    /** Appends entries {@code [from, from + n)}; events beyond the memory budget are dropped to pointers. */
    public void addLast(long[] s, long[] p, Event[] e, int from, int n) {
        grow(count + n);
        int tail = index(count);
        for (int i = 0; i < n; i++) {
            set(tail, s[from + i], p[from + i], e == null ? null : e[from + i]);
            tail = tail + 1 == seqs.length ? 0 : tail + 1;
        }
        count += n;
    }

    /** Puts entries {@code [0, n)} back at the head, in their order (a rolled-back take). */
    public void addFirst(long[] s, long[] p, Event[] e, int n) {
        grow(count + n);
        int at = head - n;
        if (at < 0) {
            at += seqs.length;
        }
        head = at;
        for (int i = 0; i < n; i++) {
            set(at, s[i], p[i], e == null ? null : e[i]);
            at = at + 1 == seqs.length ? 0 : at + 1;
        }
        count += n;
    }

    /** Removes up to {@code max} entries from the head into {@code out}; returns how many. */
    public int pollFirst(int max, Entries out) {
        int n = Math.min(max, count);
        out.ensure(out.size() + n);
        int at = head;
        for (int i = 0; i < n; i++) {
            Event e = events[at];
            out.add(seqs[at], pointers[at], e);
            if (e != null) {
                cachedBytes -= sizes[at];
                events[at] = null;
            }
            at = at + 1 == seqs.length ? 0 : at + 1;
        }
        head = at;
        count -= n;
        return n;
    }

    /** Copies every entry, head first, into {@code out} (events not included). */
    public void copyTo(Entries out) {
        out.ensure(out.size() + count);
        int at = head;
        for (int i = 0; i < count; i++) {
            out.add(seqs[at], pointers[at], null);
            at = at + 1 == seqs.length ? 0 : at + 1;
        }
    }

    private void set(int at, long seq, long pointer, Event e) {
        seqs[at] = seq;
        pointers[at] = pointer;
        if (e != null) {
            int size = (int) Math.min(Integer.MAX_VALUE, e.sizeInBytes());
            if (cachedBytes + size <= cacheBudget) {
                events[at] = e;
                sizes[at] = size;
                cachedBytes += size;
                return;
            }
        }
        events[at] = null;
    }

    private int index(int i) {
        int at = head + i;
        return at >= seqs.length ? at - seqs.length : at;
    }

    private void grow(int needed) {
        if (needed <= seqs.length) {
            return;
        }
        int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * seqs.length));
        seqs = unwrap(seqs, c);
        pointers = unwrap(pointers, c);
        int first = Math.min(count, events.length - head);
        Event[] ne = new Event[c];
        System.arraycopy(events, head, ne, 0, first);
        System.arraycopy(events, 0, ne, first, count - first);
        events = ne;
        int[] ns = new int[c];
        System.arraycopy(sizes, head, ns, 0, first);
        System.arraycopy(sizes, 0, ns, first, count - first);
        sizes = ns;
        head = 0;
    }

    private long[] unwrap(long[] a, int c) {
        long[] n = new long[c];
        int first = Math.min(count, a.length - head);
        System.arraycopy(a, head, n, 0, first);
        System.arraycopy(a, 0, n, first, count - first);
        return n;
    }

    @Override
    public String toString() {
        return "PointerQueue{" + count + " entries, " + cachedBytes + " bytes cached of " + cacheBudget + "}"
                + (count == 0 ? "" : ", head seq " + seqs[head]);
    }
}
