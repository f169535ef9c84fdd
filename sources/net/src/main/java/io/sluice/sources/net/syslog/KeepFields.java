package io.sluice.sources.net.syslog;

import java.util.Locale;

/**
 * Flume's {@code keepFields}: which parsed fields stay at the front of the body. {@code none} or
 * {@code false} keeps nothing; {@code all} or {@code true} keeps the whole original message;
 * otherwise each of the words {@code priority}, {@code version}, {@code timestamp}, {@code hostname}
 * found anywhere in the text (Flume matches substrings) puts, in this order, {@code <PRI>},
 * {@code version }, {@code <timestamp text> } and {@code <hostname> } before the message. Immutable.
 */
record KeepFields(boolean all, boolean priority, boolean version, boolean timestamp, boolean hostname) {

    static final KeepFields NONE = new KeepFields(false, false, false, false, false);

    static KeepFields parse(String text) {
        if (text == null) {
            return NONE;
        }
        String t = text.trim().toLowerCase(Locale.ENGLISH);
        if (t.equals("none") || t.equals("false")) {
            return NONE;
        }
        if (t.equals("all") || t.equals("true")) {
            return new KeepFields(true, false, false, false, false);
        }
        return new KeepFields(false, t.contains("priority"), t.contains("version"), t.contains("timestamp"),
                t.contains("hostname"));
    }

    /** True when some field is prefixed to the message (not all, not none). */
    boolean prefixesSome() {
        return !all && (priority || version || timestamp || hostname);
    }
}
