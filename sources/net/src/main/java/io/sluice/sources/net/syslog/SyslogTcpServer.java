package io.sluice.sources.net.syslog;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.sources.net.NettyGroups;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side shared by syslogtcp and multiport_syslogtcp: one acceptor thread, a group of
 * event-loop threads, a group of commit threads, and every open connection, on one or more ports.
 * Any port that cannot be bound fails the start (Flume only logs it and listens on the rest). Not
 * thread-safe: the owning source calls start and stop from the runtime's one thread.
 */
final class SyslogTcpServer {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpServer.class);

    private final String owner;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private EventExecutorGroup commitGroup;
    private ChannelGroup channels;
    private final List<Channel> listeners = new ArrayList<>();

    /** @param owner how logs name the source, e.g. {@code "syslogtcp source r1"} */
    SyslogTcpServer(String owner) {
        this.owner = owner;
    }

    /** The commit threads; valid between {@link #start} and {@link #stop}. */
    EventExecutorGroup commitGroup() {
        return commitGroup;
    }

    /** Every open connection and listener; valid between {@link #start} and {@link #stop}. */
    ChannelGroup channels() {
        return channels;
    }

    /**
     * Creates the thread groups, so the caller can build its initializer over them; then
     * {@link #bind} listens.
     */
    void prepare(String threadPrefix, int ioThreads, int commitThreads) {
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory(threadPrefix + "-accept"));
        ioGroup = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory(threadPrefix + "-io"));
        commitGroup = new DefaultEventExecutorGroup(commitThreads, new DefaultThreadFactory(threadPrefix + "-commit"));
        channels = new DefaultChannelGroup(threadPrefix, GlobalEventExecutor.INSTANCE);
    }

    /** Listens on every port with the initializer the factory gives; closes everything on any failure. */
    void bind(String host, List<Integer> ports, RecvByteBufAllocator allocator,
              Function<Integer, ChannelHandler> initializer) throws IOException {
        for (int port : ports) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptGroup, ioGroup)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, allocator)
                    .childHandler(initializer.apply(port));
            Channel listener = NettyGroups.bind(bootstrap, owner, host, port, this::stop);
            listeners.add(listener);
            channels.add(listener);
            LOG.info("{} listening on {}", owner, listener.localAddress());
        }
    }

    /** The addresses listened on, in port order (useful with port 0). */
    List<InetSocketAddress> localAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    void stop() {
        if (channels != null) {
            channels.close().awaitUninterruptibly(NettyGroups.CLOSE_TIMEOUT_MILLIS);
        }
        NettyGroups.shutdown(LOG, owner, acceptGroup, ioGroup, commitGroup);
        if (!listeners.isEmpty()) {
            LOG.info("{} stopped", owner);
        }
        listeners.clear();
        acceptGroup = null;
        ioGroup = null;
        commitGroup = null;
        channels = null;
    }
}
