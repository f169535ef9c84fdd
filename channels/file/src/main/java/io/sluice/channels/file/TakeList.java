package io.sluice.channels.file;

import io.sluice.channels.file.queue.Entries;
import java.util.Arrays;

/**
 * The events one transaction has taken, in take order, with a mark on each one found damaged when it
 * was read back (it is not delivered, not returned on rollback, and its take is still recorded so
 * it is gone for good). Confined to its transaction's thread, except that the channel reads it under
 * its lock for checkpoints.
 */
final class TakeList {
    final Entries entries = new Entries();
    private boolean[] dropped = new boolean[16];
    private int droppedCount;

    void drop(int i) {
        if (i >= dropped.length) {
            dropped = Arrays.copyOf(dropped, Math.max(i + 1, dropped.length * 2));
        }
        if (!dropped[i]) {
            dropped[i] = true;
            droppedCount++;
        }
    }

    boolean dropped(int i) {
        return i < dropped.length && dropped[i];
    }

    int size() {
        return entries.size();
    }

    /** Taken events that were delivered to the caller (not dropped as damaged). */
    int delivered() {
        return entries.size() - droppedCount;
    }

    void clear() {
        entries.clear();
        Arrays.fill(dropped, false);
        droppedCount = 0;
    }
}
