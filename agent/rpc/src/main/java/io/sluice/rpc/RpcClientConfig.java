package io.sluice.rpc;

/**
 * Where and how an {@link RpcClient} connects (spec §3.5). Immutable.
 *
 * @param deflateLevel zlib level 0–9 for the connection, or -1 for no compression
 * @param tls          null for plain TCP
 * @param maxReplyBytes largest reply frame accepted; replies are a few bytes, plus the server's
 *                      protocol text after a handshake that did not match exactly
 */
public record RpcClientConfig(String host, int port, int connectTimeoutMillis, int requestTimeoutMillis,
                              int deflateLevel, TlsConfig tls, int maxReplyBytes) {
    public static final int DEFAULT_MAX_REPLY_BYTES = 1 << 20;

    public RpcClientConfig {
        if (connectTimeoutMillis < 1 || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive: connect " + connectTimeoutMillis
                    + " ms, request " + requestTimeoutMillis + " ms");
        }
        if (deflateLevel < -1 || deflateLevel > 9) {
            throw new IllegalArgumentException("deflate level must be -1 (off) or 0 to 9: " + deflateLevel);
        }
    }

    /** Plain TCP, no compression, Flume's default timeouts of 20 s. */
    public static RpcClientConfig plain(String host, int port) {
        return new RpcClientConfig(host, port, 20_000, 20_000, -1, null, DEFAULT_MAX_REPLY_BYTES);
    }

    public String address() {
        return host + ":" + port;
    }
}
