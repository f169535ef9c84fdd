package io.sluice.daemon;

import ch.qos.logback.classic.Level;
import io.sluice.runtime.Agent;
import io.sluice.runtime.RuntimeSettings;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.metrics.JmxReporter;
import io.sluice.runtime.metrics.MetricsRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * {@code agent warmup}: starts a small netcat → memory and file → null agent on loopback, sends it a
 * line and stops it. bin/agent runs this once after each build with the JVM recording the classes it
 * loads (a class-data-sharing archive), which halves the start-up time of every later start.
 */
final class WarmupCommand {
    private WarmupCommand() {
    }

    static int run() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = Files.createTempFile("sluice-warmup", ".conf");
        Path fileChannel = Files.createTempDirectory("sluice-warmup");
        try {
            Files.writeString(conf, """
                    w.sources = r1
                    w.channels = c1 c2
                    w.sinks = k1 k2
                    w.sources.r1.type = netcat
                    w.sources.r1.bind = 127.0.0.1
                    w.sources.r1.port = %d
                    w.sources.r1.channels = c1 c2
                    w.channels.c1.type = memory
                    w.channels.c2.type = file
                    w.channels.c2.checkpointDir = %s
                    w.channels.c2.dataDirs = %s
                    w.channels.c2.minimumRequiredSpace = 1048576
                    w.sinks.k1.type = null
                    w.sinks.k1.channel = c1
                    w.sinks.k2.type = null
                    w.sinks.k2.channel = c2
                    """.formatted(port, fileChannel.resolve("checkpoint"), fileChannel.resolve("data")));
            PlanBuilder.Result result = PlanBuilder.build("w", LoadedConfig.load(List.of(conf), Map.of(),
                    System.getProperties()), ComponentRegistry.load());
            MetricsRegistry metrics = new MetricsRegistry();
            // The JMX reporter too, so its classes (and the platform MBean server's) are in the archive.
            JmxReporter jmx = new JmxReporter();
            metrics.addListener(jmx);
            Agent agent = new Agent(metrics, RuntimeSettings.load());
            agent.start(result.plan());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write("warm-up\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                s.getInputStream().read(new byte[3]);
            }
            agent.stop();
            jmx.close();
        } finally {
            Files.deleteIfExists(conf);
            try (Stream<Path> files = Files.walk(fileChannel)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }
}
