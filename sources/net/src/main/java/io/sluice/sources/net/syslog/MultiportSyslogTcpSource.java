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
import io.sluice.api.config.ValueType;
import io.sluice.sources.net.tls.ServerTls;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flume's {@code multiport_syslogtcp} source (spec §4.8): syslog over TCP on several ports at once,
 * each port with its own charset, parsed as Flume's {@code SyslogParser} parses
 * ({@link MultiportSyslogParser}), and put into the channels in transactions of {@code batchSize}.
 * Framing (newline or octet-counted), eventSize cutting, TLS and back-pressure are those of
 * {@link SyslogTcpSource}; every port must bind or the source does not start.
 *
 * <p>{@link #start()} and {@link #stop()} are called by the runtime from one thread.
 */
public final class MultiportSyslogTcpSource implements Source {
    public static final ConfigKey<List<String>> PORTS = ConfigKey.list("ports").required()
            .check(Check.of("one or more ports", l -> !l.isEmpty()))
            .doc("Space-separated TCP ports to listen on.");
    public static final ConfigKey<String> HOST = ConfigKey.string("host").check(Check.notBlank())
            .doc("Address to listen on; all interfaces when not set.");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100)
            .check(Check.atLeast(1)).doc("Most messages per channel transaction.");
    public static final ConfigKey<Integer> READ_BUFFER_BYTES = ConfigKey.integer("readBufferBytes").defaultValue(1024)
            .check(Check.atLeast(64))
            .doc("First size of a connection's read buffer in bytes; it adapts to the traffic between 64 bytes and 64 KiB.");
    public static final ConfigKey<Integer> NUM_PROCESSORS = ConfigKey.integer("numProcessors")
            .defaultDescribedAs("CPU count + 1").check(Check.atLeast(1))
            .doc("Threads reading and parsing connections.");
    public static final ConfigKey<Charset> CHARSET_DEFAULT = ConfigKey.of("charset.default", ValueType.CHARSET)
            .defaultValue(StandardCharsets.UTF_8)
            .doc("Charset messages must be valid in; a message that is not is delivered raw with "
                    + "flume.syslog.status = Invalid.");
    public static final String CHARSET_PORT_PREFIX = "charset.port.";
    public static final ConfigKey<String> PORT_HEADER = ConfigKey.string("portHeader").check(Check.notBlank())
            .doc("Header that receives the local port a message arrived on; none when not set.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .source("multiport_syslogtcp", MultiportSyslogTcpSource::new)
            .flumeClass("org.apache.flume.source.MultiportSyslogTCPSource")
            .doc("Receives syslog messages over TCP on several ports, each with its own charset; headers Priority, "
                    + "Facility, Severity, Version, timestamp, host.")
            .keys(PORTS, HOST, SyslogKeys.EVENT_SIZE, BATCH_SIZE, READ_BUFFER_BYTES, NUM_PROCESSORS, CHARSET_DEFAULT,
                    PORT_HEADER, SyslogKeys.KEEP_FIELDS, SyslogKeys.CLIENT_IP_HEADER, SyslogKeys.CLIENT_HOSTNAME_HEADER)
            .keys(ServerTls.KEYS.toArray(new ConfigKey<?>[0]))
            .batchSize(BATCH_SIZE)
            .prefix(CHARSET_PORT_PREFIX)
            .crossCheck(MultiportSyslogTcpSource::crossCheck)
            .resources(MultiportSyslogTcpSource::resources)
            .note("syslog has no acknowledgement: messages a sender wrote before the agent stops or crashes may be "
                    + "lost; a full channel slows senders down instead.")
            .build();

    static final int COMMIT_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final SourceContext context;
    private final String name;
    private final String host;
    private final List<Integer> ports;
    private final Map<Integer, Charset> charsets;
    private final Charset defaultCharset;
    private final int eventSize;
    private final int batchSize;
    private final int readBufferBytes;
    private final int ioThreads;
    private final KeepFields keepFields;
    private final ClientHeaders clientHeaders;
    private final ServerTls.Options tls;
    private final AtomicBoolean running = new AtomicBoolean();
    private SyslogTcpServer server;

    public MultiportSyslogTcpSource(SourceContext context) {
        Settings s = context.settings();
        this.context = context;
        this.name = context.name();
        this.host = s.get(HOST);
        this.ports = s.require(PORTS).stream().map(Integer::parseInt).toList();
        this.defaultCharset = s.require(CHARSET_DEFAULT);
        this.charsets = new HashMap<>();
        s.subset(CHARSET_PORT_PREFIX).forEach((port, cs) -> charsets.put(Integer.parseInt(port.trim()),
                ValueType.CHARSET.parse(cs.trim())));
        this.eventSize = SyslogKeys.eventSize(s);
        this.batchSize = s.require(BATCH_SIZE);
        this.readBufferBytes = Math.min(64 * 1024, s.require(READ_BUFFER_BYTES));
        this.ioThreads = s.get(NUM_PROCESSORS) != null ? s.get(NUM_PROCESSORS)
                : Runtime.getRuntime().availableProcessors() + 1;
        this.keepFields = KeepFields.parse(s.get(SyslogKeys.KEEP_FIELDS));
        this.clientHeaders = SyslogKeys.clientHeaders(s, s.get(PORT_HEADER));
        this.tls = ServerTls.options(s, null, null, null);
    }

    private static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> out = new ArrayList<>();
        List<String> ports = s.get(PORTS);
        for (String p : ports == null ? List.<String>of() : ports) {
            if (port(p) < 0) {
                out.add(new SettingsProblem(PORTS.name(), "'" + p + "' is not a port (a whole number from 0 to 65535)"));
            }
        }
        s.subset(CHARSET_PORT_PREFIX).forEach((port, cs) -> {
            String key = CHARSET_PORT_PREFIX + port;
            if (port(port.trim()) < 0) {
                out.add(new SettingsProblem(key, "'" + port + "' is not a port"));
            } else if (ports != null && !ports.contains(port.trim())) {
                out.add(SettingsProblem.warning(key, "port " + port + " is not in ports and the setting is unused"));
            }
            try {
                ValueType.CHARSET.parse(cs.trim());
            } catch (IllegalArgumentException e) {
                out.add(new SettingsProblem(key, "= " + cs + ": " + e.getMessage()));
            }
        });
        out.addAll(ServerTls.check(ServerTls.options(s, null, null, null)));
        return out;
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            return p >= 0 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> resources(Settings s) {
        List<String> out = new ArrayList<>();
        List<String> ports = s.get(PORTS);
        for (String p : ports == null ? List.<String>of() : ports) {
            if (port(p) > 0) {
                out.add("tcp:" + (s.get(HOST) == null ? "0.0.0.0" : s.get(HOST)) + ":" + p);
            }
        }
        return out;
    }

    @Override
    public void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("multiport_syslogtcp source " + name + " is already started");
        }
        SslContext ssl = ServerTls.build(tls);
        running.set(true);
        String owner = "multiport_syslogtcp " + name;
        server = new SyslogTcpServer("multiport_syslogtcp source " + name);
        server.prepare("multiport-" + name, ioThreads, COMMIT_THREADS);
        SyslogProblems problems = new SyslogProblems(owner, context.counter());
        SyslogCommitHandler commit = new SyslogCommitHandler(owner, context.channelProcessor(), context.counter(),
                batchSize, running::get);
        try {
            server.bind(host, ports, new AdaptiveRecvByteBufAllocator(64, readBufferBytes, 64 * 1024),
                    configuredPort -> new SyslogTcpInitializer(owner, ssl, eventSize,
                            localPort -> new MultiportSyslogParser(keepFields,
                                    charsets.getOrDefault(configuredPort, defaultCharset), System::currentTimeMillis),
                            clientHeaders, problems, context.counter(), commit, server.commitGroup(),
                            server.channels()));
        } catch (Exception e) {
            server = null;
            running.set(false);
            throw e;
        }
    }

    /** The addresses listened on, in the order of {@code ports} (useful with port 0); empty when stopped. */
    public List<InetSocketAddress> localAddresses() {
        SyslogTcpServer s = server;
        return s == null ? List.of() : s.localAddresses();
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
