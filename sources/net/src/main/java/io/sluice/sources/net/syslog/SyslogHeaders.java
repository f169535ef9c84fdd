package io.sluice.sources.net.syslog;

/**
 * Header names and values Flume's syslog sources write (spec §4.6, §4.8), and cached decimal
 * strings for the small numbers every message carries, so a parsed message allocates no string
 * for its priority, facility or severity. Stateless; thread-safe.
 */
final class SyslogHeaders {
    static final String FACILITY = "Facility";
    static final String SEVERITY = "Severity";
    /** syslogtcp and syslogudp write the raw PRI digits under a lower-case name ... */
    static final String PRIORITY = "priority";
    /** ... multiport_syslogtcp under a capitalised one. */
    static final String PRIORITY_MULTIPORT = "Priority";
    static final String VERSION = "version";
    static final String VERSION_MULTIPORT = "Version";
    static final String TIMESTAMP = "timestamp";
    static final String HOST = "host";
    static final String STATUS = "flume.syslog.status";
    static final String INVALID = "Invalid";
    static final String INCOMPLETE = "Incomplete";

    /** The largest PRI RFC 3164 and RFC 5424 allow: facility 23, severity 7. */
    static final int MAX_PRIORITY = 191;

    private static final String[] DECIMAL = new String[1000];

    static {
        for (int i = 0; i < DECIMAL.length; i++) {
            DECIMAL[i] = Integer.toString(i).intern();
        }
    }

    private SyslogHeaders() {
    }

    /** {@code Integer.toString(n)}, without allocating for 0 to 999. */
    static String decimal(int n) {
        return n >= 0 && n < DECIMAL.length ? DECIMAL[n] : Integer.toString(n);
    }
}
