package io.sluice.sources.net;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Binding a source's Netty channel with a clear error, and stopping its thread groups quickly and
 * within a bound, so an agent stop never hangs on a source.
 */
public final class NettyGroups {
    /** How long closing a source's sockets may take. */
    public static final long CLOSE_TIMEOUT_MILLIS = 2_000;
    /** How long threads may finish their current work (a commit in progress) before stop moves on. */
    public static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;
    /**
     * A group ends only after this long without new tasks. Closing a connection hops between its
     * event loop and its commit executor (pipeline teardown), so with no quiet period at all one
     * group could end while the other still has a hop for it.
     */
    public static final long QUIET_PERIOD_MILLIS = 100;

    private NettyGroups() {
    }

    /**
     * Binds {@code host:port} (all interfaces when {@code host} is null) and returns the bound
     * channel. On failure runs {@code cleanUp} (the source's stop, releasing its half-started groups)
     * and throws an IOException naming the owner and the address.
     */
    public static Channel bind(AbstractBootstrap<?, ?> bootstrap, String owner, String host, int port, Runnable cleanUp)
            throws IOException {
        InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            cleanUp.run();
            Throwable cause = bound.cause();
            throw new IOException(owner + " cannot listen on " + (host == null ? "*" : host) + ":" + port + ": " + cause,
                    cause);
        }
        return bound.channel();
    }

    /**
     * Shuts the groups down with a short quiet period and waits for them up to the timeout; logs, rather
     * than fails, when a thread is still busy after it (e.g. blocked in a full channel). Null groups
     * are skipped, so a half-started source can be stopped.
     */
    public static void shutdown(Logger log, String owner, EventExecutorGroup... groups) {
        List<Future<?>> terminations = new ArrayList<>();
        for (EventExecutorGroup g : groups) {
            if (g != null) {
                terminations.add(g.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_TIMEOUT_MILLIS + 1_000);
        for (Future<?> f : terminations) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
                log.warn("{}: threads still busy after {} ms; leaving them to finish", owner, SHUTDOWN_TIMEOUT_MILLIS);
                return;
            }
        }
    }
}
