package io.sluice.sources.avro;

import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ipfilter.IpFilterRuleType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Flume's {@code ipFilterRules} (spec §4.1): comma-separated {@code <allow|deny>:<ip|name>:<glob>},
 * the first matching rule deciding, a connection matching none accepted. {@code *} matches any
 * characters, {@code ?} one, everything else itself; the whole address or name must match. An
 * {@code ip} rule matches the peer's textual IP address; a {@code name} rule its reverse-resolved
 * host name, looked up only when a name rule is reached; {@code name:localhost} also matches the
 * loopback and the local host's own address. Immutable and thread-safe.
 */
final class IpFilterRules {
    private IpFilterRules() {
    }

    /** Parses the rules; throws IllegalArgumentException naming the bad rule and the expected form. */
    static List<IpFilterRule> parse(String text) {
        List<IpFilterRule> rules = new ArrayList<>();
        for (String raw : text.split(",")) {
            String rule = raw.trim();
            if (rule.isEmpty()) {
                continue;
            }
            String[] parts = rule.split(":", 3);
            if (parts.length != 3 || !(parts[0].equals("allow") || parts[0].equals("deny"))
                    || !(parts[1].equals("ip") || parts[1].equals("name")) || parts[2].isEmpty()) {
                throw new IllegalArgumentException("rule '" + rule + "' is not <allow|deny>:<ip|name>:<pattern>");
            }
            rules.add(new GlobRule(parts[0].equals("allow") ? IpFilterRuleType.ACCEPT : IpFilterRuleType.REJECT,
                    parts[1].equals("name"), parts[2]));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rules in '" + text + "'");
        }
        return rules;
    }

    private static final class GlobRule implements IpFilterRule {
        private final IpFilterRuleType type;
        private final boolean byName;
        private final String glob;
        private final Pattern pattern;

        GlobRule(IpFilterRuleType type, boolean byName, String glob) {
            this.type = type;
            this.byName = byName;
            this.glob = glob;
            StringBuilder re = new StringBuilder();
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> re.append(".*");
                    case '?' -> re.append('.');
                    default -> re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            this.pattern = Pattern.compile(re.toString());
        }

        @Override
        public boolean matches(InetSocketAddress remote) {
            InetAddress address = remote.getAddress();
            if (address == null) {
                return false;
            }
            if (!byName) {
                return pattern.matcher(address.getHostAddress()).matches();
            }
            if (glob.equals("localhost") && isLocal(address)) {
                return true;
            }
            return pattern.matcher(address.getCanonicalHostName()).matches();
        }

        private static boolean isLocal(InetAddress address) {
            if (address.isLoopbackAddress()) {
                return true;
            }
            try {
                return address.equals(InetAddress.getLocalHost());
            } catch (UnknownHostException e) {
                return false;
            }
        }

        @Override
        public IpFilterRuleType ruleType() {
            return type;
        }

        @Override
        public String toString() {
            return (type == IpFilterRuleType.ACCEPT ? "allow" : "deny") + ":" + (byName ? "name" : "ip") + ":" + glob;
        }
    }
}
