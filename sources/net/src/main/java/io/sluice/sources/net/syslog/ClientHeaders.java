package io.sluice.sources.net.syslog;

import io.sluice.api.Event;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The optional headers naming where a message came from: {@code clientIPHeader} (textual address,
 * e.g. {@code 192.0.2.7}), {@code clientHostnameHeader} (reverse DNS name) and, for
 * multiport_syslogtcp, {@code portHeader} (the local port). Immutable; the names are null when not
 * configured.
 */
record ClientHeaders(String ipHeader, String hostnameHeader, String portHeader) {

    static final ClientHeaders NONE = new ClientHeaders(null, null, null);

    boolean needsHostname() {
        return hostnameHeader != null;
    }

    /** Adds the configured headers; {@code hostname} is only looked at when a hostname header is set. */
    void apply(Event e, InetSocketAddress peer, String hostname, String localPort) {
        if (ipHeader != null && peer != null) {
            InetAddress a = peer.getAddress();
            e.putHeader(ipHeader, a != null ? a.getHostAddress() : peer.getHostString());
        }
        if (hostnameHeader != null && hostname != null) {
            e.putHeader(hostnameHeader, hostname);
        }
        if (portHeader != null && localPort != null) {
            e.putHeader(portHeader, localPort);
        }
    }

    /** The reverse DNS name of a peer (this blocks on a lookup; callers do it once per connection or sender). */
    static String hostnameOf(InetSocketAddress peer) {
        InetAddress a = peer == null ? null : peer.getAddress();
        return a == null ? null : a.getCanonicalHostName();
    }
}
