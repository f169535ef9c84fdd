package io.sluice.api;

/**
 * Start and stop of a running component. The runtime calls {@code start()} and {@code stop()} from
 * one thread, never concurrently. {@code start()} may throw; the supervisor logs the cause and tries
 * again with backoff. {@code stop()} must not throw and must release every thread, socket and file
 * the component holds, even when {@code start()} failed half way.
 */
public interface Lifecycle {
    void start() throws Exception;

    void stop();
}
