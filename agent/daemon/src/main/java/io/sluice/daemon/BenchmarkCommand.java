package io.sluice.daemon;

import com.sun.management.OperatingSystemMXBean;
import io.sluice.runtime.Agent;
import io.sluice.runtime.RuntimeSettings;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.metrics.MetricsRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code agent benchmark}: runs fixed pipelines in this process and reports events/s, MB/s, CPU
 * seconds per million events and peak RSS of the agent process. Netcat scenarios drive the agent
 * from a separate client JVM over one loopback connection, so the figures are the agent's alone.
 * Results go to stdout as one line per scenario; docs/performance.md records them.
 */
final class BenchmarkCommand {
    private static final List<String> SCENARIOS = List.of("seq-memory-null", "netcat-memory-null-noack",
            "netcat-memory-null-ack", "avro-memory-avro-100b", "avro-memory-avro-1k");

    private BenchmarkCommand() {
    }

    static int run(String[] args) throws Exception {
        List<String> scenarios = new ArrayList<>();
        long events = 0;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenario" -> scenarios.add(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown benchmark option " + args[i] + "; scenarios: " + SCENARIOS);
                    return Main.EXIT_CONFIG;
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(SCENARIOS);
        }
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                System.err.println("unknown scenario " + s + "; scenarios: " + SCENARIOS);
                return Main.EXIT_CONFIG;
            }
        }
        System.out.printf(Locale.ROOT, "%-26s %12s %14s %10s %16s %12s%n", "scenario", "events", "events/s", "MB/s",
                "CPU s/M events", "peak RSS MB");
        for (String s : scenarios) {
            long n = events > 0 ? events : defaultEvents(s);
            for (int r = 0; r < rounds; r++) {
                Result result = s.startsWith("seq") ? seq(n)
                        : s.startsWith("avro") ? avro(n, s.endsWith("-1k") ? 1024 : 100)
                        : netcat(n, s.endsWith("-ack"));
                System.out.printf(Locale.ROOT, "%-26s %12d %14.0f %10.1f %16.3f %12.0f%n", s, result.events,
                        result.events / result.seconds, result.bytes / result.seconds / 1e6,
                        result.cpuSeconds / (result.events / 1e6), peakRssMb());
            }
        }
        return 0;
    }

    private record Result(long events, long bytes, double seconds, double cpuSeconds) {
    }

    private static long defaultEvents(String scenario) {
        if (scenario.startsWith("seq")) {
            return 200_000_000L;
        }
        return scenario.equals("avro-memory-avro-1k") ? 10_000_000L : 20_000_000L;
    }

    /**
     * avro → memory → avro: a separate client JVM ({@link AvroLoadClient}) sends batches of 1000 events
     * of {@code bodyBytes} bytes to the agent's Avro source over {@link #AVRO_CONNECTIONS} connections
     * and receives what the agent's Avro sink (batch-size 1000) sends back on a second port.
     */
    private static Result avro(long n, int bodyBytes) throws Exception {
        int sourcePort = freePort();
        int sinkPort = freePort();
        String conf = """
                b.sources = r1
                b.channels = c1
                b.sinks = k1
                b.sources.r1.type = avro
                b.sources.r1.bind = 127.0.0.1
                b.sources.r1.port = %d
                b.sources.r1.channels = c1
                b.channels.c1.type = memory
                b.channels.c1.capacity = 10000
                b.channels.c1.transactionCapacity = 1000
                b.sinks.k1.type = avro
                b.sinks.k1.hostname = 127.0.0.1
                b.sinks.k1.port = %d
                b.sinks.k1.batch-size = 1000
                b.sinks.k1.channel = c1
                """.formatted(sourcePort, sinkPort);
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
                "-cp", System.getProperty("java.class.path"), AvroLoadClient.class.getName(),
                String.valueOf(sourcePort), String.valueOf(sinkPort), String.valueOf(n), String.valueOf(bodyBytes),
                String.valueOf(AVRO_CONNECTIONS))
                .inheritIO().start();
        awaitListening(sinkPort, client);
        MetricsRegistry metrics = new MetricsRegistry();
        Agent agent = start(conf, metrics);
        awaitFirstEvent(metrics);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        while (!drained(metrics, n)) {
            if (!client.isAlive() && client.exitValue() != 0) {
                agent.stop();
                throw new IllegalStateException("avro load client failed with exit code " + client.exitValue());
            }
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        int rc = client.waitFor();
        agent.stop();
        if (rc != 0) {
            throw new IllegalStateException("avro load client failed with exit code " + rc);
        }
        return new Result(n, n * bodyBytes, seconds, cpu);
    }

    /** Sending connections of the Avro load client: one per core of the 2-core reference machine. */
    private static final int AVRO_CONNECTIONS = 2;

    /** Waits until the load client's receiver accepts connections, so the sink's first connect succeeds. */
    private static void awaitListening(int port, Process client) throws InterruptedException {
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException e) {
                if (!client.isAlive()) {
                    throw new IllegalStateException("avro load client exited with " + client.exitValue());
                }
                Thread.sleep(10);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static Result seq(long n) throws Exception {
        String conf = """
                b.sources = r1
                b.channels = c1
                b.sinks = k1
                b.sources.r1.type = seq
                b.sources.r1.batchSize = 1000
                b.sources.r1.totalEvents = %d
                b.sources.r1.channels = c1
                b.channels.c1.type = memory
                b.channels.c1.capacity = 100000
                b.channels.c1.transactionCapacity = 1000
                b.sinks.k1.type = null
                b.sinks.k1.batchSize = 1000
                b.sinks.k1.logEveryNEvents = 2000000000
                b.sinks.k1.channel = c1
                """.formatted(n);
        MetricsRegistry metrics = new MetricsRegistry();
        Agent agent = start(conf, metrics);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        awaitDrained(metrics, n);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        agent.stop();
        // Bodies are the decimal numbers 0..n-1: count their digits.
        long bytes = 0;
        for (long p = 1, d = 1; p <= n; p *= 10, d++) {
            bytes += (Math.min(n, p * 10) - p) * d;
        }
        return new Result(n, bytes + 1, seconds, cpu);
    }

    private static Result netcat(long n, boolean ack) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String conf = """
                b.sources = r1
                b.channels = c1
                b.sinks = k1
                b.sources.r1.type = netcat
                b.sources.r1.bind = 127.0.0.1
                b.sources.r1.port = %d
                b.sources.r1.ack-every-event = %s
                b.sources.r1.channels = c1
                b.channels.c1.type = memory
                b.channels.c1.capacity = 100000
                b.channels.c1.transactionCapacity = 1000
                b.sinks.k1.type = null
                b.sinks.k1.batchSize = 1000
                b.sinks.k1.logEveryNEvents = 2000000000
                b.sinks.k1.channel = c1
                """.formatted(port, ack);
        MetricsRegistry metrics = new MetricsRegistry();
        Agent agent = start(conf, metrics);
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NetcatLoadClient.class.getName(),
                "127.0.0.1", String.valueOf(port), String.valueOf(n), String.valueOf(ack))
                .inheritIO().start();
        awaitFirstEvent(metrics);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        awaitDrained(metrics, n);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        int rc = client.waitFor();
        agent.stop();
        if (rc != 0) {
            throw new IllegalStateException("load client failed with exit code " + rc);
        }
        return new Result(n, n * NetcatLoadClient.LINE_BYTES, seconds, cpu);
    }

    private static Agent start(String conf, MetricsRegistry metrics) throws Exception {
        Path file = Files.createTempFile("sluice-bench", ".conf");
        try {
            Files.writeString(file, conf);
            PlanBuilder.Result result = PlanBuilder.build("b",
                    LoadedConfig.load(List.of(file), Map.of(), System.getProperties()), ComponentRegistry.load());
            if (!result.ok()) {
                throw new IllegalStateException("benchmark config invalid: " + result.problems().sorted());
            }
            Agent agent = new Agent(metrics, RuntimeSettings.load());
            agent.start(result.plan());
            return agent;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The clock starts at the first event, so the client JVM's start-up is not counted. */
    private static void awaitFirstEvent(MetricsRegistry metrics) throws InterruptedException {
        while (true) {
            Map<String, Object> source = metrics.snapshot().get("SOURCE.r1");
            if (source != null && ((Number) source.get("EventReceivedCount")).longValue() > 0) {
                return;
            }
            Thread.sleep(1);
        }
    }

    private static void awaitDrained(MetricsRegistry metrics, long n) throws InterruptedException {
        while (!drained(metrics, n)) {
            Thread.sleep(1);
        }
    }

    private static boolean drained(MetricsRegistry metrics, long n) {
        Map<String, Object> sink = metrics.snapshot().get("SINK.k1");
        return sink != null && ((Number) sink.get("EventDrainSuccessCount")).longValue() >= n;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Peak resident set size of this process (VmHWM), in MB; -1 where /proc is not there. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
