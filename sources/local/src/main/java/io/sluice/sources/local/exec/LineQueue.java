package io.sluice.sources.local.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between the exec source's reading thread and its committing thread. When
 * it is full the reader blocks, stops reading the command's output, and the command blocks on its
 * full pipe: a full channel slows the command down instead of losing its lines.
 *
 * <p>{@link #take} returns a batch when {@code max} lines are there (or the queue is full), or when
 * the oldest waiting line has waited the batch timeout (counted from the previous take, as Flume
 * counts from the last flush), or when the reader is done. After {@link #abandon()} nothing more is accepted and every
 * line offered is counted as dropped. Thread-safe.
 */
final class LineQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private final int maxLines;
    private final long maxBytes;
    private long bytes;
    private long since;
    private boolean closed;
    private boolean abandoned;
    private long dropped;

    LineQueue(int maxLines, long maxBytes) {
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** Adds lines as room frees up; returns false (and counts the rest dropped) once the queue is abandoned. */
    boolean putAll(List<byte[]> batch) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            int i = 0;
            while (i < batch.size()) {
                while (!abandoned && !hasRoom()) {
                    notFull.await();
                }
                if (abandoned) {
                    dropped += batch.size() - i;
                    return false;
                }
                if (lines.isEmpty()) {
                    since = System.nanoTime();
                }
                while (i < batch.size() && hasRoom()) {
                    byte[] l = batch.get(i++);
                    lines.add(l);
                    bytes += l.length;
                }
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** One more line fits; an empty queue takes any line, however long. */
    private boolean hasRoom() {
        return lines.isEmpty() || (lines.size() < maxLines && bytes < maxBytes);
    }

    /**
     * Up to {@code max} lines, when a batch is due; an empty list after {@code timeoutNanos} with
     * nothing due; null once the reader closed the queue and every line was taken.
     */
    List<byte[]> take(int max, long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                if (lines.size() >= max || (closed && !lines.isEmpty()) || !hasRoom()) {
                    return drain(max);
                }
                if (closed) {
                    return null;
                }
                long now = System.nanoTime();
                if (!lines.isEmpty() && now - since >= timeoutNanos) {
                    return drain(max);
                }
                long wait = lines.isEmpty() ? deadline - now : since + timeoutNanos - now;
                if (wait <= 0) {
                    return List.of();
                }
                notEmpty.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    private List<byte[]> drain(int max) {
        int n = Math.min(max, lines.size());
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] l = lines.poll();
            bytes -= l.length;
            out.add(l);
        }
        since = System.nanoTime();
        notFull.signalAll();
        return out;
    }

    /** The reader is done: no more lines will come. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The committer gives up: the waiting lines and every later one are dropped. Returns how many were waiting. */
    int abandon() {
        lock.lock();
        try {
            abandoned = true;
            int n = lines.size();
            dropped += n;
            lines.clear();
            bytes = 0;
            notFull.signalAll();
            notEmpty.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Lines refused or discarded because the queue was abandoned. */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
