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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code agent benchmark}: runs fixed pipelines in this process and reports events/s, MB/s, CPU
 * seconds per million events and peak RSS of the agent process. Netcat scenarios drive the agent
 * from a separate client JVM over one loopback connection, so the figures are the agent's alone.
 * Results go to stdout as one line per scenario; docs/performance.md records them.
 */
final class BenchmarkCommand {
    private static final List<String> SCENARIOS = List.of("seq-memory-null", "netcat-memory-null-noack", "netcat-memory-null-ack",
            "seq-file-null", "netcat-file-null-ack", "file-restart");

    /** The agent's components plus the benchmark's own fixed-size sequence source. */
    private static final ComponentRegistry REGISTRY = new ComponentRegistry(
            Stream.concat(ComponentRegistry.load().all().stream(), Stream.of(PaddedSequenceSource.SPEC)).toList());

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
        if (scenarios.remove("file-restart")) {
            for (int r = 0; r < rounds; r++) {
                FileRestartBenchmark.run(events > 0 ? events : 1_000_000L);
            }
            if (scenarios.isEmpty()) {
                return 0;
            }
        }
        System.out.printf(Locale.ROOT, "%-26s %12s %14s %10s %16s %12s %10s%n", "scenario", "events", "events/s", "MB/s",
                "CPU s/M events", "peak RSS MB", "fsyncs/s");
        for (String s : scenarios) {
            long n = events > 0 ? events : defaultEvents(s);
            for (int r = 0; r < rounds; r++) {
                Result result = switch (s) {
                    case "seq-memory-null" -> seq(n);
                    case "seq-file-null" -> seqFile(n);
                    case "netcat-file-null-ack" -> netcat(n, true, true);
                    default -> netcat(n, s.endsWith("-ack"), false);
                };
                System.out.printf(Locale.ROOT, "%-26s %12d %14.0f %10.1f %16.3f %12.0f %10s%n", s, result.events,
                        result.events / result.seconds, result.bytes / result.seconds / 1e6,
                        result.cpuSeconds / (result.events / 1e6), peakRssMb(),
                        result.fsyncs < 0 ? "-" : String.format(Locale.ROOT, "%.0f", result.fsyncs / result.seconds));
            }
        }
        return 0;
    }

    private static long defaultEvents(String scenario) {
        return switch (scenario) {
            case "seq-memory-null" -> 200_000_000L;
            case "seq-file-null", "netcat-file-null-ack" -> 10_000_000L;
            default -> 20_000_000L;
        };
    }

    /** {@code fsyncs} is -1 for pipelines without a file channel. */
    private record Result(long events, long bytes, double seconds, double cpuSeconds, long fsyncs) {
    }

    /** A durable channel as the issue measures it: 100-byte events, batches of 1000, fsync on every commit. */
    private static String fileChannel(Path dir) {
        return """
                b.channels.c1.type = file
                b.channels.c1.checkpointDir = %s
                b.channels.c1.dataDirs = %s
                b.channels.c1.capacity = 1000000
                b.channels.c1.transactionCapacity = 1000
                """.formatted(dir.resolve("checkpoint"), dir.resolve("data"));
    }

    private static Result seqFile(long n) throws Exception {
        Path dir = Files.createTempDirectory("sluice-bench-file");
        try {
            String conf = """
                    b.sources = r1
                    b.channels = c1
                    b.sinks = k1
                    b.sources.r1.type = bench-seq
                    b.sources.r1.batchSize = 1000
                    b.sources.r1.bodyBytes = 100
                    b.sources.r1.totalEvents = %d
                    b.sources.r1.channels = c1
                    b.sinks.k1.type = null
                    b.sinks.k1.batchSize = 1000
                    b.sinks.k1.logEveryNEvents = 2000000000
                    b.sinks.k1.channel = c1
                    """.formatted(n) + fileChannel(dir);
            MetricsRegistry metrics = new MetricsRegistry();
            Agent agent = start(conf, metrics);
            long cpu0 = cpuNanos();
            long fsyncs0 = fsyncs(metrics);
            long t0 = System.nanoTime();
            awaitDrained(metrics, n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            long fsyncs = fsyncs(metrics) - fsyncs0;
            agent.stop();
            return new Result(n, n * 100, seconds, cpu, fsyncs);
        } finally {
            deleteTree(dir);
        }
    }

    private static long fsyncs(MetricsRegistry metrics) {
        Map<String, Object> channel = metrics.snapshot().get("CHANNEL.c1");
        return channel == null ? 0 : ((Number) channel.get("FsyncCount")).longValue();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
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
        return new Result(n, bytes + 1, seconds, cpu, -1);
    }

    private static Result netcat(long n, boolean ack, boolean file) throws Exception {
        Path dir = file ? Files.createTempDirectory("sluice-bench-file") : null;
        try {
            return netcat(n, ack, dir);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static Result netcat(long n, boolean ack, Path fileChannelDir) throws Exception {
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
                b.sinks.k1.type = null
                b.sinks.k1.batchSize = 1000
                b.sinks.k1.logEveryNEvents = 2000000000
                b.sinks.k1.channel = c1
                """.formatted(port, ack) + (fileChannelDir != null ? fileChannel(fileChannelDir) : """
                b.channels.c1.type = memory
                b.channels.c1.capacity = 100000
                b.channels.c1.transactionCapacity = 1000
                """);
        MetricsRegistry metrics = new MetricsRegistry();
        Agent agent = start(conf, metrics);
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NetcatLoadClient.class.getName(),
                "127.0.0.1", String.valueOf(port), String.valueOf(n), String.valueOf(ack))
                .inheritIO().start();
        awaitFirstEvent(metrics);
        long cpu0 = cpuNanos();
        long fsyncs0 = fsyncs(metrics);
        long t0 = System.nanoTime();
        awaitDrained(metrics, n);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long fsyncs = fsyncs(metrics) - fsyncs0;
        int rc = client.waitFor();
        agent.stop();
        if (rc != 0) {
            throw new IllegalStateException("load client failed with exit code " + rc);
        }
        return new Result(n, n * NetcatLoadClient.LINE_BYTES, seconds, cpu, fileChannelDir != null ? fsyncs : -1);
    }

    private static Agent start(String conf, MetricsRegistry metrics) throws Exception {
        Path file = Files.createTempFile("sluice-bench", ".conf");
        try {
            Files.writeString(file, conf);
            PlanBuilder.Result result = PlanBuilder.build("b",
                    LoadedConfig.load(List.of(file), Map.of(), System.getProperties()), REGISTRY);
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
        while (true) {
            Map<String, Object> sink = metrics.snapshot().get("SINK.k1");
            if (sink != null && ((Number) sink.get("EventDrainSuccessCount")).longValue() >= n) {
                return;
            }
            Thread.sleep(1);
        }
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
