package io.sluice.daemon;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.sluice.api.Event;
import io.sluice.rpc.RpcClient;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.SslContexts;
import java.util.List;

/**
 * avro-client's way to its Avro sources: one host, or several with Flume's failover (stay on a host
 * until it fails, then the next) or load balancing (each batch to the next host in turn, moving on
 * when one fails). A batch counts as delivered once some host answered OK; a host that answers
 * FAILED or cannot be reached costs one of {@code maxAttempts}. Not thread-safe.
 */
final class AvroDelivery implements AutoCloseable {
    private final List<RpcClientConfig> hosts;
    private final boolean balance;
    private final int maxAttempts;
    private final EventLoopGroup group;
    private final SslContext[] ssl;
    /** One connection per host, made when first needed and dropped when it fails. */
    private final RpcClient[] clients;
    private int current;

    AvroDelivery(List<RpcClientConfig> hosts, boolean balance, int maxAttempts, EventLoopGroup group) throws RpcException {
        this.hosts = hosts;
        this.balance = balance;
        this.maxAttempts = maxAttempts;
        this.group = group;
        this.ssl = new SslContext[hosts.size()];
        this.clients = new RpcClient[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            try {
                ssl[i] = hosts.get(i).tls() == null ? null : SslContexts.client(hosts.get(i).tls());
            } catch (Exception e) {
                throw new RpcException("cannot set up TLS for " + hosts.get(i).address() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Sends one batch; throws, naming every host tried and why, when no host accepted it. */
    void send(List<Event> batch) throws RpcException {
        if (balance) {
            current = (current + 1) % hosts.size();
        }
        StringBuilder why = new StringBuilder();
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            RpcClientConfig host = hosts.get(current);
            try {
                RpcClient client = clients[current];
                if (client == null || !client.isActive()) {
                    drop(current);
                    client = RpcClient.connect(host, ssl[current], group);
                    clients[current] = client;
                }
                if (client.appendBatch(batch)) {
                    return;
                }
                why.append(why.isEmpty() ? "" : "; ").append(host.address()).append(" answered FAILED");
            } catch (RpcException e) {
                drop(current);
                why.append(why.isEmpty() ? "" : "; ").append(e.getMessage());
            }
            current = (current + 1) % hosts.size();
        }
        throw new RpcException(why.toString());
    }

    /** The host the last batch went to. */
    String address() {
        return hosts.get(current).address();
    }

    private void drop(int host) {
        if (clients[host] != null) {
            clients[host].close();
            clients[host] = null;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < clients.length; i++) {
            drop(i);
        }
    }
}
