package io.sluice.sources.net.syslog;

import io.sluice.api.Event;
import java.util.List;

/**
 * The events of one read, passed from a syslog decoder to {@link SyslogCommitHandler}; the decoder
 * reads nothing more until {@code done} runs.
 *
 * @param events in arrival order
 * @param done   tells the decoder the batch is committed (or given up at stop); any thread may run it
 */
record SyslogBatch(List<Event> events, Runnable done) {
}
