package io.sluice.sinks.basic;

import io.sluice.api.AbstractTransaction;
import io.sluice.api.Channel;
import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal in-memory channel for sink tests: committed events in a deque, a take waits up to
 * {@code keepAlive} for the first event, a rollback returns taken events to the head in order.
 * Takes and commits can be made to fail. Thread-safe (one monitor).
 */
final class TestChannel implements Channel {
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private final int transactionCapacity;
    private final long keepAliveNanos;
    private volatile boolean failTakes;
    private volatile boolean failCommits;

    TestChannel(int transactionCapacity, Duration keepAlive) {
        this.transactionCapacity = transactionCapacity;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    TestChannel() {
        this(1000, Duration.ofMillis(20));
    }

    void failTakes(boolean fail) {
        failTakes = fail;
    }

    void failCommits(boolean fail) {
        failCommits = fail;
    }

    synchronized List<Event> contents() {
        return new ArrayList<>(queue);
    }

    @Override
    public Transaction begin() {
        return new Tx();
    }

    @Override
    public synchronized long size() {
        return queue.size();
    }

    @Override
    public long capacity() {
        return Long.MAX_VALUE;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    private final class Tx extends AbstractTransaction {
        private final List<Event> puts = new ArrayList<>();
        private final List<Event> taken = new ArrayList<>();

        Tx() {
            super(transactionCapacity);
        }

        @Override
        protected void doPut(List<Event> events) {
            puts.addAll(events);
        }

        @Override
        protected List<Event> doTake(int max) {
            if (failTakes) {
                throw new ChannelException("take refused by test");
            }
            synchronized (TestChannel.this) {
                long deadline = System.nanoTime() + keepAliveNanos;
                while (queue.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    try {
                        TestChannel.this.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return List.of();
                    }
                }
                List<Event> out = new ArrayList<>(Math.min(max, queue.size()));
                while (out.size() < max && !queue.isEmpty()) {
                    out.add(queue.pollFirst());
                }
                taken.addAll(out);
                return out;
            }
        }

        @Override
        protected void doCommit() {
            if (failCommits) {
                throw new ChannelException("commit refused by test");
            }
            synchronized (TestChannel.this) {
                queue.addAll(puts);
                TestChannel.this.notifyAll();
            }
        }

        @Override
        protected void doRollback() {
            synchronized (TestChannel.this) {
                for (int i = taken.size() - 1; i >= 0; i--) {
                    queue.addFirst(taken.get(i));
                }
                TestChannel.this.notifyAll();
            }
        }
    }
}
