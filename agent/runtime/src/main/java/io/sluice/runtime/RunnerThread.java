package io.sluice.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a runner loop (a sink group's or a pollable source's): started once, stopped by
 * clearing {@link #running()} and interrupting whatever wait the loop is in, then joined.
 */
abstract class RunnerThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerThread.class);
    private static final long JOIN_MILLIS = 10_000;

    private final String threadName;
    private volatile boolean running = true;
    private volatile Thread thread;

    RunnerThread(String threadName) {
        this.threadName = threadName;
    }

    final void start() {
        Thread t = new Thread(this, threadName);
        thread = t;
        t.start();
    }

    final boolean running() {
        return running;
    }

    /** Ends the loop now, interrupting a take or a backoff, and waits up to 10 s for the thread. */
    final void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(JOIN_MILLIS);
            if (t.isAlive()) {
                LOG.warn("{} did not stop within {} ms; it is blocked in a call", threadName, JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps unless stopped; an interrupt only ends the sleep. */
    final void pause(long millis) {
        if (millis <= 0 || !running) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // stop() interrupts: the loop condition decides what happens next.
        }
    }
}
