package io.sluice.sources.net.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies the source may hold at once, over all connections: each body is reserved
 * before it is read (its Content-Length, or chunk by chunk) and released once its events are
 * committed or the connection closes. A request that does not fit is answered 503 at once, so many
 * large concurrent uploads cannot exhaust the heap. Thread-safe.
 */
final class RequestBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    RequestBudget(long capacity) {
        this.capacity = capacity;
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long capacity() {
        return capacity;
    }
}
