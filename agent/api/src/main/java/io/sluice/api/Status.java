package io.sluice.api;

/** What a poll or a sink's process call achieved. */
public enum Status {
    /** Work was done; call again at once. */
    READY,
    /** Nothing was there to do; the caller may wait before calling again. */
    BACKOFF
}
