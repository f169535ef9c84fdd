package io.sluice.sinks.hdfs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * This host's name, address and canonical name for the {@code %[localhost]}, {@code %[IP]} and
 * {@code %[FQDN]} escapes, looked up once. Flume's code knows {@code IP}; its user guide writes
 * {@code IPaddress}, so Sluice accepts both. Immutable.
 */
public record LocalHost(String name, String address, String canonicalName) {

    /** Stands in for the real values where only the template's validity matters. */
    static final LocalHost PLACEHOLDER = new LocalHost("localhost", "127.0.0.1", "localhost");

    public static LocalHost lookUp() {
        try {
            InetAddress a = InetAddress.getLocalHost();
            return new LocalHost(a.getHostName(), a.getHostAddress(), a.getCanonicalHostName());
        } catch (UnknownHostException e) {
            InetAddress loop = InetAddress.getLoopbackAddress();
            return new LocalHost(loop.getHostName(), loop.getHostAddress(), loop.getCanonicalHostName());
        }
    }

    String value(String escape) {
        return switch (escape.toLowerCase(Locale.ENGLISH)) {
            case "localhost" -> name;
            case "ip", "ipaddress" -> address;
            case "fqdn" -> canonicalName;
            default -> throw new IllegalArgumentException("%[" + escape + "] is not one of %[localhost], %[IP], "
                    + "%[IPaddress], %[FQDN]");
        };
    }
}
