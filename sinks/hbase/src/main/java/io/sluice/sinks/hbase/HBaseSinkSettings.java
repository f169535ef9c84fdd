package io.sluice.sinks.hbase;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What the sink's HBase client side ({@code io.sluice.sinks.hbase.client}) needs from its keys, in
 * plain Java types so that building it loads no HBase class. Immutable.
 *
 * @param table the table the events are written to
 * @param columnFamily the column family the cells are written to
 * @param coalesceIncrements whether a batch's increments to one cell are summed into one
 * @param enableWal false to write without HBase's write-ahead log
 * @param zookeeperHosts the quorum's host names, comma-separated, or null to keep hbase-site.xml's
 * @param zookeeperPort the quorum's one client port (when zookeeperHosts is set)
 * @param znodeParent HBase's root znode, or null to keep hbase-site.xml's
 * @param kerberosPrincipal the principal with {@code _HOST} expanded, or null without Kerberos
 * @param kerberosKeytab the keytab file (when kerberosPrincipal is set)
 * @param operationTimeoutMillis the client's operation timeout, or null to keep hbase-site.xml's
 */
public record HBaseSinkSettings(String table, String columnFamily, boolean coalesceIncrements, boolean enableWal,
                                String zookeeperHosts, int zookeeperPort, String znodeParent,
                                String kerberosPrincipal, String kerberosKeytab, Long operationTimeoutMillis) {

    /** Rule text of {@code zookeeperQuorum}, for its Check and its errors. */
    static final String QUORUM_RULE = "a comma-separated list of host:port, every entry with the same port";

    /** The port of a Flume-style quorum {@code h1:2181,h2:2181}, or -1 when it breaks {@link #QUORUM_RULE}. */
    static int quorumPort(String quorum) {
        int port = -1;
        for (String entry : quorum.split(",")) {
            String e = entry.trim();
            int colon = e.lastIndexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                return -1;
            }
            int p;
            try {
                p = Integer.parseInt(e.substring(colon + 1));
            } catch (NumberFormatException ex) {
                return -1;
            }
            if (p < 1 || p > 65535 || (port != -1 && p != port)) {
                return -1;
            }
            port = p;
        }
        return port;
    }

    /** The host names of a quorum that passed {@link #quorumPort}, comma-separated. */
    static String quorumHosts(String quorum) {
        StringBuilder hosts = new StringBuilder();
        for (String entry : quorum.split(",")) {
            String e = entry.trim();
            if (hosts.length() > 0) {
                hosts.append(',');
            }
            hosts.append(e, 0, e.lastIndexOf(':'));
        }
        return hosts.toString();
    }

    /** Replaces {@code _HOST} with this machine's canonical name in lower case, as Hadoop's SecurityUtil does. */
    static String expandHost(String principal) {
        if (!principal.contains("_HOST")) {
            return principal;
        }
        try {
            return principal.replace("_HOST", InetAddress.getLocalHost().getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("kerberosPrincipal = " + principal
                    + ": _HOST cannot be expanded, this machine's host name does not resolve: " + e.getMessage(), e);
        }
    }
}
