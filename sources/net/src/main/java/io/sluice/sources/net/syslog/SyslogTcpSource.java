package io.sluice.sources.net.syslog;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.sources.net.tls.ServerTls;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flume's {@code syslogtcp} source (spec §4.6): syslog messages over TCP, newline-terminated or
 * octet-counted (RFC 6587; Flume knows only the first), optionally over TLS, parsed as Flume's
 * {@code SyslogUtils} parses them ({@link SyslogParser}). Unlike Flume, the messages of one read go
 * to the channels in one transaction (of at most the channels' transactionCapacity), and a full
 * channel pauses the connection and retries instead of dropping the message.
 *
 * <p>Thread model: see {@link SyslogTcpServer} and {@link SyslogTcpInitializer}. {@link #start()} and
 * {@link #stop()} are called by the runtime from one thread.
 */
public final class SyslogTcpSource implements Source {
    public static final ConfigKey<String> HOST = ConfigKey.string("host").required().check(Check.notBlank())
            .doc("Address to listen on (0.0.0.0 for all interfaces). Note the key is host, not bind.");
    public static final ConfigKey<Integer> PORT = ConfigKey.port("port").required().doc("TCP port to listen on.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .source("syslogtcp", SyslogTcpSource::new)
            .flumeClass("org.apache.flume.source.SyslogTcpSource")
            .doc("Receives syslog messages (RFC 5424 and RFC 3164) over TCP, newline-terminated or octet-counted, "
                    + "optionally over TLS; one event per message with Facility, Severity, priority, version, "
                    + "timestamp and host headers.")
            .keys(HOST, PORT, SyslogKeys.EVENT_SIZE, SyslogKeys.KEEP_FIELDS, SyslogKeys.CLIENT_IP_HEADER,
                    SyslogKeys.CLIENT_HOSTNAME_HEADER)
            .keys(ServerTls.KEYS.toArray(new ConfigKey<?>[0]))
            .prefix(SyslogKeys.FORMAT_PREFIX)
            .crossCheck(SyslogTcpSource::crossCheck)
            .resources(s -> s.get(PORT) == null || s.get(PORT) == 0 || s.get(HOST) == null ? List.of()
                    : List.of("tcp:" + s.get(HOST) + ":" + s.get(PORT)))
            .note("syslog has no acknowledgement: messages a sender wrote before the agent stops or crashes may be "
                    + "lost; a full channel slows senders down instead.")
            .build();

    static final int IO_THREADS = Runtime.getRuntime().availableProcessors();
    static final int COMMIT_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final SourceContext context;
    private final String name;
    private final String host;
    private final int port;
    private final int eventSize;
    private final KeepFields keepFields;
    private final ClientHeaders clientHeaders;
    private final ServerTls.Options tls;
    private final AtomicBoolean running = new AtomicBoolean();
    private SyslogTcpServer server;

    public SyslogTcpSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.host = s.require(HOST);
        this.port = s.require(PORT);
        this.eventSize = SyslogKeys.eventSize(s);
        this.keepFields = KeepFields.parse(s.get(SyslogKeys.KEEP_FIELDS));
        this.clientHeaders = SyslogKeys.clientHeaders(s, null);
        this.tls = ServerTls.options(s, null, null, null);
    }

    private static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> out = new ArrayList<>(SyslogKeys.refuseFormat(s));
        out.addAll(ServerTls.check(ServerTls.options(s, null, null, null)));
        return out;
    }

    @Override
    public void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("syslogtcp source " + name + " is already started");
        }
        SslContext ssl = ServerTls.build(tls);
        running.set(true);
        server = new SyslogTcpServer("syslogtcp source " + name);
        server.prepare("syslogtcp-" + name, IO_THREADS, COMMIT_THREADS);
        SyslogProblems problems = new SyslogProblems("syslogtcp " + name, context.counter());
        SyslogCommitHandler commit = new SyslogCommitHandler("syslogtcp " + name, context.channelProcessor(),
                context.counter(), Math.max(1, context.maxBatchSize()), running::get);
        ZoneId zone = ZoneId.systemDefault();
        SyslogTcpInitializer initializer = new SyslogTcpInitializer("syslogtcp " + name, ssl, eventSize,
                localPort -> new SyslogParser(keepFields, zone, System::currentTimeMillis), clientHeaders, problems,
                context.counter(), commit, server.commitGroup(), server.channels());
        try {
            server.bind(host, List.of(port), new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 64 * 1024),
                    p -> initializer);
        } catch (Exception e) {
            server = null;
            running.set(false);
            throw e;
        }
    }

    /** The address the source listens on (useful with port 0), or null when it is not started. */
    public InetSocketAddress localAddress() {
        SyslogTcpServer s = server;
        return s == null ? null : s.localAddresses().get(0);
    }

    @Override
    public void stop() {
        running.set(false);
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
