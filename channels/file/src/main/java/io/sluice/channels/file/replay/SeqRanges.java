package io.sluice.channels.file.replay;

import java.util.Arrays;

/**
 * A set of sequence numbers kept as ranges {@code [from, to)}: filled in any order, then
 * {@link #seal() sealed} (sorted and merged) for membership tests by binary search. Replay keeps the
 * taken events and the unreadable events this way; a batch of a thousand is one range. Not thread-safe.
 */
final class SeqRanges {
    private long[] from = new long[64];
    private long[] to = new long[64];
    private int n;
    private boolean sealed;

    void add(long fromSeq, long toSeqExclusive) {
        if (toSeqExclusive <= fromSeq) {
            return;
        }
        if (sealed) {
            throw new IllegalStateException("sealed");
        }
        if (n > 0 && to[n - 1] == fromSeq) {
            to[n - 1] = toSeqExclusive;
            return;
        }
        if (n == from.length) {
            from = Arrays.copyOf(from, n * 2);
            to = Arrays.copyOf(to, n * 2);
        }
        from[n] = fromSeq;
        to[n] = toSeqExclusive;
        n++;
    }

    /** Sorts and merges; afterwards only queries are allowed. */
    SeqRanges seal() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(from[a], from[b]));
        long[] f = new long[Math.max(1, n)];
        long[] t = new long[Math.max(1, n)];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && from[i] <= t[m - 1]) {
                t[m - 1] = Math.max(t[m - 1], to[i]);
            } else {
                f[m] = from[i];
                t[m] = to[i];
                m++;
            }
        }
        from = f;
        to = t;
        n = m;
        sealed = true;
        return this;
    }

    boolean contains(long seq) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (seq < from[mid]) {
                hi = mid - 1;
            } else if (seq >= to[mid]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** How many numbers of this (sealed) set lie in {@code [fromSeq, toSeqExclusive)}. */
    long countIn(long fromSeq, long toSeqExclusive) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            count += Math.max(0, Math.min(to[i], toSeqExclusive) - Math.max(from[i], fromSeq));
        }
        return count;
    }

    /** How many numbers of this (sealed) set are not in {@code other} (sealed). */
    long countNotIn(SeqRanges other) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            for (long s = from[i]; s < to[i]; s++) {
                if (!other.contains(s)) {
                    count++;
                }
            }
        }
        return count;
    }
}
