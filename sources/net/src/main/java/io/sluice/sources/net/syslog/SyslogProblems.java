package io.sluice.sources.net.syslog;

import io.sluice.api.Event;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs (rate-limited) what a syslog source receives that is not a well-formed, whole
 * message. Flume's EventReadFail counts each such message, and one counter per reason says which:
 *
 * <ul>
 *   <li>{@code InvalidMessageCount}: delivered with {@code flume.syslog.status = Invalid};</li>
 *   <li>{@code IncompleteMessageCount}: delivered with {@code flume.syslog.status = Incomplete};</li>
 *   <li>{@code DiscardedFragmentCount}: a connection reset inside a message, or datagram bytes after
 *       the first newline; not delivered.</li>
 * </ul>
 *
 * Shared by all connections of a source, so a flood of bad input logs once per interval. Thread-safe.
 */
final class SyslogProblems {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogProblems.class);
    private static final int SHOWN_BYTES = 80;

    private final String source;
    private final SourceCounter counter;
    private final LongAdder invalid;
    private final LongAdder incomplete;
    private final LongAdder discarded;
    private final RateLimitedLog log = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    SyslogProblems(String source, SourceCounter counter) {
        this.source = source;
        this.counter = counter;
        this.invalid = counter.extra("InvalidMessageCount");
        this.incomplete = counter.extra("IncompleteMessageCount");
        this.discarded = counter.extra("DiscardedFragmentCount");
    }

    /** Records a delivered message the parser found fault with ({@code problem} completes "a message from X ..."). */
    void flagged(Event e, String problem, Object peer, byte[] msg, int len) {
        counter.incrementEventReadFail();
        if (SyslogHeaders.INVALID.equals(e.header(SyslogHeaders.STATUS))) {
            invalid.increment();
        } else {
            incomplete.increment();
        }
        log.warn("{} source: a message from {} {}; delivered with {} = {}: {}", source, peer, problem,
                SyslogHeaders.STATUS, e.header(SyslogHeaders.STATUS), shown(msg, len));
    }

    /** Records bytes that could not become a message and were dropped. */
    void discarded(String what, Object peer, int bytes) {
        counter.incrementEventReadFail();
        discarded.increment();
        log.warn("{} source: dropped {} bytes from {}: {}", source, bytes, peer, what);
    }

    private static String shown(byte[] msg, int len) {
        String text = new String(msg, 0, Math.min(len, SHOWN_BYTES), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append(len > SHOWN_BYTES ? "\"…" : "\"").toString();
    }
}
