package io.sluice.channels.file.wal.segment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every record appended since its last round, forces their segments
 * once for all of them, applies them to the channel in log order ({@link Publisher}) and wakes
 * their committers. While it forces, new records pile up for the next round, so concurrent
 * committers share fsyncs and an fsync never waits for a lock held by a writer.
 *
 * <p>Committers that take turns (a source's put and a sink's take, each waiting for the other's
 * records to be applied) would each get an fsync of their own. So when a round holds fewer threads
 * than committed in the last rounds, the committer waits up to half an fsync's duration for the
 * others to append before it forces: one fsync then serves both, at the cost of that wait. A lone
 * committer never waits.
 *
 * <p>With {@code syncEachGroup} false ({@code fsyncPerTransaction = false}) records are applied at
 * once and forced every {@code periodicSyncNanos} instead.
 *
 * <p>When a force fails, every record of the round and every record appended after it fails, and
 * the {@code repair} callback (the log writer) cuts the log back to what is on disk, so no failed
 * commit can reappear at the next start. Thread-safe.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    /** Applies a round of durable records to the channel, in log order; called on the commit thread. */
    @FunctionalInterface
    public interface Publisher {
        void publish(List<Ticket> group);
    }

    private final String name;
    private final boolean syncEachGroup;
    private final long periodicSyncNanos;
    private final Publisher publisher;
    private final LongConsumer fsyncs;
    private final Object lock = new Object();
    private final Object forceLock = new Object();
    private final Set<Segment> unforced = new LinkedHashSet<>();
    private final Thread thread;
    private Consumer<IOException> repair = e -> { };
    private List<Ticket> queue = new ArrayList<>();
    private boolean closing;
    // Commit thread only: the waiters of the last rounds' tickets, and how long an fsync takes.
    private final Thread[] recent = new Thread[8];
    private int recentNext;
    private long fsyncNanos = 100_000;

    public GroupCommitter(String name, boolean syncEachGroup, long periodicSyncNanos, Publisher publisher,
                          LongConsumer fsyncs) {
        this.name = name;
        this.syncEachGroup = syncEachGroup;
        this.periodicSyncNanos = periodicSyncNanos;
        this.publisher = publisher;
        this.fsyncs = fsyncs;
        this.thread = new Thread(this::run, "filechannel-" + name + "-commit");
        this.thread.setDaemon(true);
    }

    void setRepair(Consumer<IOException> repair) {
        this.repair = repair;
    }

    public void start() {
        thread.start();
    }

    /** Queues a written record; the writer calls this in log order, holding its append lock. */
    void enqueue(Ticket t) {
        synchronized (lock) {
            queue.add(t);
            if (queue.size() == 1) {
                lock.notify();
            }
        }
    }

    /** Removes and returns every queued record (the writer fails them after a failed force). */
    List<Ticket> drain() {
        synchronized (lock) {
            List<Ticket> out = queue;
            queue = new ArrayList<>();
            return out;
        }
    }

    /** Forces every segment that holds applied but unforced records (checkpoints call this first). */
    public void forceAll() throws IOException {
        synchronized (forceLock) {
            List<Segment> todo;
            synchronized (unforced) {
                todo = new ArrayList<>(unforced);
                unforced.clear();
            }
            for (Segment s : todo) {
                if (s.force()) {
                    fsyncs.accept(1);
                }
            }
        }
    }

    private void run() {
        long lastSync = System.nanoTime();
        while (true) {
            List<Ticket> group;
            synchronized (lock) {
                while (queue.isEmpty() && !closing) {
                    try {
                        if (syncEachGroup) {
                            lock.wait();
                        } else {
                            long left = periodicSyncNanos - (System.nanoTime() - lastSync);
                            if (left <= 0) {
                                break;
                            }
                            TimeUnit.NANOSECONDS.timedWait(lock, left);
                        }
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (queue.isEmpty() && closing) {
                    break;
                }
                group = queue;
                queue = new ArrayList<>();
            }
            if (syncEachGroup) {
                group = gatherOthers(group);
                if (!forceGroup(group)) {
                    continue;
                }
            } else {
                synchronized (unforced) {
                    for (Ticket t : group) {
                        unforced.add(t.segment());
                    }
                }
                if (System.nanoTime() - lastSync >= periodicSyncNanos) {
                    lastSync = System.nanoTime();
                    periodicForce();
                }
            }
            if (!group.isEmpty()) {
                try {
                    publisher.publish(group);
                } catch (RuntimeException e) {
                    // A bug, but its committers must hear of it rather than wait forever.
                    LOG.error("File channel {}: applying {} committed record(s) failed", name, group.size(), e);
                    for (Ticket t : group) {
                        t.fail(new IOException("applying the commit failed: " + e, e));
                    }
                    continue;
                }
                for (Ticket t : group) {
                    t.complete();
                }
            }
        }
        if (!syncEachGroup) {
            periodicForce();
        }
    }

    /** Waits briefly for recent committers missing from the round; returns the round with whatever came. */
    private List<Ticket> gatherOthers(List<Ticket> group) {
        int missing = missingCommitters(group);
        if (missing > 0) {
            long deadline = System.nanoTime() + fsyncNanos / 2;
            synchronized (lock) {
                long left;
                while (queue.size() < missing && !closing && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (!queue.isEmpty()) {
                    group.addAll(queue);
                    queue = new ArrayList<>();
                }
            }
        }
        for (Ticket t : group) {
            recent[recentNext] = t.waiter();
            recentNext = (recentNext + 1) % recent.length;
        }
        return group;
    }

    /** Threads that committed in the last rounds but have no ticket in this one. */
    private int missingCommitters(List<Ticket> group) {
        int missing = 0;
        for (int i = 0; i < recent.length; i++) {
            Thread t = recent[i];
            if (t == null || !t.isAlive() || seenBefore(t, i)) {
                continue;
            }
            boolean inGroup = false;
            for (Ticket k : group) {
                if (k.waiter() == t) {
                    inGroup = true;
                    break;
                }
            }
            if (!inGroup) {
                missing++;
            }
        }
        return missing;
    }

    private boolean seenBefore(Thread t, int index) {
        for (int j = 0; j < index; j++) {
            if (recent[j] == t) {
                return true;
            }
        }
        return false;
    }

    /** Forces the segments of a round in log order; on failure fails the round and repairs the log. */
    private boolean forceGroup(List<Ticket> group) {
        try {
            synchronized (forceLock) {
                Segment last = null;
                for (Ticket t : group) {
                    if (t.segment() != last) {
                        last = t.segment();
                        long t0 = System.nanoTime();
                        if (last.force()) {
                            fsyncs.accept(1);
                            fsyncNanos += (System.nanoTime() - t0 - fsyncNanos) / 8;
                        }
                    }
                }
            }
            return true;
        } catch (IOException e) {
            LOG.error("File channel {}: forcing the log to disk failed; the {} commit(s) waiting for it fail and "
                    + "the log is cut back to what is on disk: {}", name, group.size(), e.toString());
            repair.accept(e);
            for (Ticket t : group) {
                t.fail(e);
            }
            return false;
        }
    }

    private void periodicForce() {
        try {
            forceAll();
        } catch (IOException e) {
            LOG.error("File channel {}: periodic fsync failed (fsyncPerTransaction = false, so commits already "
                    + "returned; events of the last fsyncInterval may not be on disk): {}", name, e.toString());
        }
    }

    /** Applies what is queued, then stops the commit thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        if (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Ticket t : drain()) {
            t.fail(new IOException("file channel " + name + " is closed"));
        }
    }
}
