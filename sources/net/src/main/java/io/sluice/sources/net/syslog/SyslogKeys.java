package io.sluice.sources.net.syslog;

import io.sluice.api.config.Check;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys the three syslog sources share, declared once here, with Flume's names and defaults
 * (spec §4.6 to §4.8), and the cross-key rules they share.
 */
final class SyslogKeys {
    /** Flume raises any smaller eventSize to this. */
    static final int MIN_EVENT_SIZE = 10;

    static final ConfigKey<Integer> EVENT_SIZE = ConfigKey.integer("eventSize").defaultValue(2500)
            .doc("Longest message in bytes, <PRI> included; a longer one is cut there, delivered with "
                    + "flume.syslog.status = Incomplete, and the rest framed as the next message. Values under 10 "
                    + "mean 10, as in Flume.");
    static final ConfigKey<String> KEEP_FIELDS = ConfigKey.string("keepFields").defaultValue("none")
            .doc("Parsed fields kept at the front of the body: none (or false), all (or true: the whole message), "
                    + "or any of the words priority, version, timestamp, hostname.");
    static final ConfigKey<String> CLIENT_IP_HEADER = ConfigKey.string("clientIPHeader").check(Check.notBlank())
            .doc("Header that receives the sender's IP address; none when not set.");
    static final ConfigKey<String> CLIENT_HOSTNAME_HEADER = ConfigKey.string("clientHostnameHeader")
            .check(Check.notBlank())
            .doc("Header that receives the sender's host name (a reverse DNS lookup per connection, or per UDP "
                    + "sender); none when not set.");
    /** Flume's undocumented custom-format keys; refused rather than silently ignored. */
    static final String FORMAT_PREFIX = "format.";

    private SyslogKeys() {
    }

    static int eventSize(Settings s) {
        return Math.max(MIN_EVENT_SIZE, s.require(EVENT_SIZE));
    }

    static ClientHeaders clientHeaders(Settings s, String portHeader) {
        return new ClientHeaders(s.get(CLIENT_IP_HEADER), s.get(CLIENT_HOSTNAME_HEADER), portHeader);
    }

    /** Refuses Flume's undocumented {@code format.*} keys, which Sluice does not implement. */
    static List<SettingsProblem> refuseFormat(Settings s) {
        List<SettingsProblem> out = new ArrayList<>();
        for (String k : s.raw().keySet()) {
            if (k.startsWith(FORMAT_PREFIX)) {
                out.add(new SettingsProblem(k, "Flume's undocumented custom syslog format (format.*) is not supported by "
                        + "Sluice; remove it to use the built-in RFC 5424 and RFC 3164 parsing"));
            }
        }
        return out;
    }
}
