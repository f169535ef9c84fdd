package io.sluice.sources.avro;

import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.rpc.KnownProtocols;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * What the connections of one running Avro source share: the protocols learnt from handshakes, the
 * memory budget of their frames, the rate-limited logs, the number of calls being answered, and
 * whether the source is stopping. Thread-safe.
 */
final class AvroSourceState {
    private final String name;
    private final KnownProtocols knownProtocols = new KnownProtocols();
    private final RateLimitedLog refusals = new RateLimitedLog(LoggerFactory.getLogger(AvroSource.class), 10, TimeUnit.SECONDS);
    private final RateLimitedLog badInput = new RateLimitedLog(LoggerFactory.getLogger(AvroSource.class), 10, TimeUnit.SECONDS);
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final InFlightBudget budget;
    private final LongAdder halfFrameClosed;
    private volatile boolean stopping;

    AvroSourceState(String name, long maxBytesInFlight, SourceCounter counter) {
        this.name = name;
        this.budget = new InFlightBudget(maxBytesInFlight);
        this.halfFrameClosed = counter.extra("ClosedIdleConnectionCount");
    }

    InFlightBudget budget() {
        return budget;
    }

    /** Connections closed because they stopped in the middle of a frame. */
    LongAdder halfFrameClosed() {
        return halfFrameClosed;
    }

    String name() {
        return name;
    }

    KnownProtocols knownProtocols() {
        return knownProtocols;
    }

    RateLimitedLog refusals() {
        return refusals;
    }

    RateLimitedLog badInput() {
        return badInput;
    }

    void callStarted() {
        callsInFlight.incrementAndGet();
    }

    void callDone() {
        callsInFlight.decrementAndGet();
    }

    /** From now on calls are answered FAILED without being processed. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** Waits up to {@code millis} for the calls being answered to finish; true if they did. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (callsInFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
