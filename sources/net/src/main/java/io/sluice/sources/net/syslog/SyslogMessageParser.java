package io.sluice.sources.net.syslog;

import io.sluice.api.Event;

/**
 * Turns one framed syslog message into an event with Flume's headers. One instance per connection
 * (or per UDP socket), used by one thread: implementations keep small caches of the last host and
 * timestamp seen, which repeat from message to message.
 */
interface SyslogMessageParser {
    /**
     * @param msg the message bytes, {@code [0, len)}, without the frame's newline or length prefix
     * @param cut true when the message was cut at {@code eventSize} (more of it follows)
     * @return the event; its body never aliases {@code msg}, which the caller reuses
     */
    Event parse(byte[] msg, int len, boolean cut);

    /** What the last {@link #parse} found wrong with its message, or null when it was well-formed and whole. */
    String lastProblem();
}
