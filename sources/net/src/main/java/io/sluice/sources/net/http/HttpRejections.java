package io.sluice.sources.net.http;

import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One counter per reason the http source turns a request or connection away, next to Flume's
 * counters on {@code /metrics}, and one rate-limited log for all of them (a flood of bad requests
 * logs once per interval). Thread-safe.
 */
final class HttpRejections {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRejections.class);

    /** Why a request was refused; each has its counter, named {@code Rejected<Name>Count}. */
    enum Reason {
        /** 400: malformed HTTP, malformed body for the handler, wrong charset. */
        BAD_REQUEST("RejectedBadRequestCount"),
        /** 413: a body over the limit. */
        TOO_LARGE("RejectedTooLargeCount"),
        /** 414 / 431: request line or headers over the limit. */
        HEADERS_TOO_LARGE("RejectedHeadersTooLargeCount"),
        /** 403 / 405 / 417: a method or expectation the source does not serve. */
        METHOD("RejectedMethodCount"),
        /** 408: no byte for the idle timeout in the middle of a request. */
        TIMEOUT("RejectedTimeoutCount"),
        /** 503: the channel refused the events. */
        CHANNEL_FULL("RejectedChannelFullCount"),
        /** 503: too many request bytes buffered at once. */
        BUSY("RejectedBusyCount"),
        /** 500: the handler or an interceptor failed unexpectedly. */
        ERROR("RejectedErrorCount"),
        /** A TLS handshake failed (garbage or plain HTTP on a TLS port). */
        TLS("RejectedTlsCount");

        final String attribute;

        Reason(String attribute) {
            this.attribute = attribute;
        }
    }

    private final String source;
    private final LongAdder[] counters = new LongAdder[Reason.values().length];
    private final LongAdder idleClosed;
    private final RateLimitedLog log = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    HttpRejections(String source, SourceCounter counter) {
        this.source = source;
        for (Reason r : Reason.values()) {
            counters[r.ordinal()] = counter.extra(r.attribute);
        }
        this.idleClosed = counter.extra("ClosedIdleConnectionCount");
    }

    void reject(Reason reason, Object peer, int status, String message) {
        counters[reason.ordinal()].increment();
        log.warn("http source {}: {} to {}: {}", source, status, peer, message);
    }

    void idleClosed() {
        idleClosed.increment();
    }
}
