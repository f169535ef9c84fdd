package io.sluice.daemon;

import io.sluice.api.config.Kind;
import io.sluice.runtime.config.ComponentRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code agent benchmark}: runs fixed pipelines in this process and reports events/s, MB/s, CPU
 * seconds per million events and peak RSS of the agent process. Netcat scenarios drive the agent
 * from a separate client JVM over one loopback connection, so the figures are the agent's alone.
 * The spooldir and exec scenarios read a generated file of 100-byte lines (1 GB by default), which
 * the first round leaves in the page cache. Results go to stdout as one line per scenario;
 * docs/performance.md records them.
 */
final class BenchmarkCommand {
    private static final List<String> SCENARIOS = List.of("seq-memory-null", "seq-replicating-null",
            "seq-interceptors-replicating-null", "netcat-memory-null-noack", "netcat-memory-null-ack",
            "http-json-memory-null", "syslogtcp-memory-null", "avro-memory-avro-100b", "avro-memory-avro-1k",
            "avro-file-avro-100b", "spooldir-memory-null", "spooldir-file-null", "exec-memory-null", "seq-file-null",
            "netcat-file-null-ack", "file-restart", "spooldir-memory-hdfs", "spooldir-file-hdfs");
    /** Bytes per line of the generated input of the file scenarios, newline included. */
    static final int FILE_LINE_BYTES = 100;

    /** The channel and sink most scenarios share: a memory channel (batches of 1000) into a null sink. */
    /** An agent whose source r1, given by its {@code b.sources.r1.*} lines, feeds memory channel c1 and null sink k1. */
    private static String memoryToNull(String sourceLines) {
        return "b.sources = r1\nb.channels = c1\nb.sinks = k1\n" + sourceLines + "b.sources.r1.channels = c1\n"
                + MEMORY_TO_NULL;
    }

    private static final String MEMORY_TO_NULL = """
            b.channels.c1.type = memory
            b.channels.c1.capacity = 100000
            b.channels.c1.transactionCapacity = 1000
            b.sinks.k1.type = null
            b.sinks.k1.batchSize = 1000
            b.sinks.k1.logEveryNEvents = 2000000000
            b.sinks.k1.channel = c1
            """;

    /** The agent's components plus the benchmark's own fixed-size sequence source. */
    private static final ComponentRegistry REGISTRY = new ComponentRegistry(
            Stream.concat(ComponentRegistry.load().all().stream(), Stream.of(PaddedSequenceSource.SPEC)).toList());

    private BenchmarkCommand() {
    }

    static int run(String[] args) throws Exception {
        List<String> scenarios = new ArrayList<>();
        long events = 0;
        int rounds = 3;
        String hdfsUri = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hdfs-uri" -> hdfsUri = args[++i];
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
            if (s.startsWith("spooldir-file-") && REGISTRY.find(Kind.CHANNEL, "file").isEmpty()) {
                System.out.printf(Locale.ROOT, "%-26s skipped: the file channel is not in this build%n", s);
                continue;
            }
            Path input = s.startsWith("spooldir") || s.startsWith("exec") ? lineFile(n) : null;
            for (int r = 0; r < rounds; r++) {
                BenchmarkResult result = switch (s) {
                    case "seq-memory-null" -> seq(n);
                    case "seq-replicating-null" -> seqReplicating(n, false);
                    case "seq-interceptors-replicating-null" -> seqReplicating(n, true);
                    case "http-json-memory-null" -> http(n);
                    case "syslogtcp-memory-null" -> syslogTcp(n);
                    case "spooldir-memory-null", "spooldir-file-null" -> spooldir(input, n, s.contains("-file-"), null);
                    case "spooldir-memory-hdfs", "spooldir-file-hdfs" -> spooldir(input, n, s.contains("-file-"),
                            hdfsUri == null ? "" : hdfsUri);
                    case "exec-memory-null" -> exec(input, n);
                    case "avro-memory-avro-100b" -> avro(n, 100, null);
                    case "avro-memory-avro-1k" -> avro(n, 1024, null);
                    case "avro-file-avro-100b" -> {
                        Path dir = Files.createTempDirectory("sluice-bench-file");
                        try {
                            yield avro(n, 100, dir);
                        } finally {
                            deleteTree(dir);
                        }
                    }
                    case "seq-file-null" -> seqFile(n);
                    case "netcat-file-null-ack" -> netcat(n, true, true);
                    default -> netcat(n, s.endsWith("-ack"), false);
                };
                System.out.printf(Locale.ROOT, "%-26s %12d %14.0f %10.1f %16.3f %12.0f %10s%n", s, result.events(),
                        result.events() / result.seconds(), result.bytes() / result.seconds() / 1e6,
                        result.cpuSeconds() / (result.events() / 1e6), peakRssMb(),
                        result.fsyncs() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", result.fsyncs() / result.seconds()));
            }
        }
        return 0;
    }

    private static long defaultEvents(String scenario) {
        if (scenario.startsWith("seq")) {
            return 200_000_000L;
        }
        if (scenario.equals("seq-file-null") || scenario.equals("netcat-file-null-ack")) {
            return 10_000_000L;
        }
        if (scenario.startsWith("netcat") || scenario.startsWith("avro") && scenario.endsWith("-100b")) {
            return 20_000_000L;
        }
        // avro 1 KiB; and 10 M lines of 100 bytes: the 1 GB input of issue #6.
        return 10_000_000L;
    }

    /** A durable channel as issue #4 measures it: 100-byte events, batches of 1000, fsync on every commit. */
    private static String fileChannel(Path dir) {
        return """
                b.channels.c1.type = file
                b.channels.c1.checkpointDir = %s
                b.channels.c1.dataDirs = %s
                b.channels.c1.capacity = 1000000
                b.channels.c1.transactionCapacity = 1000
                """.formatted(dir.resolve("checkpoint"), dir.resolve("data"));
    }

    private static BenchmarkResult seqFile(long n) throws Exception {
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
            try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY)) {
                return run.begin().awaitDrained(n, n * 100);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * avro → memory → avro: a separate client JVM ({@link AvroLoadClient}) sends batches of 1000 events
     * of {@code bodyBytes} bytes to the agent's Avro source over {@link #AVRO_CONNECTIONS} connections
     * and receives what the agent's Avro sink (batch-size 1000) sends back on a second port.
     */
    /** With {@code fileChannelDir} the channel is issue #4's durable file channel, else a memory channel. */
    private static BenchmarkResult avro(long n, int bodyBytes, Path fileChannelDir) throws Exception {
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
                b.sinks.k1.type = avro
                b.sinks.k1.hostname = 127.0.0.1
                b.sinks.k1.port = %d
                b.sinks.k1.batch-size = 1000
                b.sinks.k1.channel = c1
                """.formatted(sourcePort, sinkPort) + (fileChannelDir != null ? fileChannel(fileChannelDir) : """
                b.channels.c1.type = memory
                b.channels.c1.capacity = 10000
                b.channels.c1.transactionCapacity = 1000
                """);
        try (LoadClientProcess client = LoadClientProcess.start(AvroLoadClient.class, String.valueOf(sourcePort),
                String.valueOf(sinkPort), String.valueOf(n), String.valueOf(bodyBytes), String.valueOf(AVRO_CONNECTIONS))) {
            awaitListening(sinkPort, client);
            try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY)) {
                BenchmarkResult result = run.awaitFirstEvent().begin().awaitDrained(n, n * bodyBytes, client::failed);
                client.awaitSuccess();
                return result;
            }
        }
    }

    /** Sending connections of the Avro load client: one per core of the 2-core reference machine. */
    private static final int AVRO_CONNECTIONS = 2;

    /** Waits until the load client's receiver accepts connections, so the sink's first connect succeeds. */
    private static void awaitListening(int port, LoadClientProcess client) throws InterruptedException {
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

    private static BenchmarkResult seq(long n) throws Exception {
        String conf = memoryToNull("""
                b.sources.r1.type = seq
                b.sources.r1.batchSize = 1000
                b.sources.r1.totalEvents = %d
                """.formatted(n));
        try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY)) {
            return run.begin().awaitDrained(n, decimalDigits(n));
        }
    }

    /** Bytes of the bodies 0 .. n-1 written in decimal, as seq makes them. */
    private static long decimalDigits(long n) {
        long bytes = 1;
        for (long p = 1, d = 1; p <= n; p *= 10, d++) {
            bytes += (Math.min(n, p * 10) - p) * d;
        }
        return bytes;
    }

    /**
     * Issue #3's routing cost: a replicating selector into two channels, with or without the
     * timestamp, host and static interceptors, so the difference is the interceptor chain's own cost.
     */
    private static BenchmarkResult seqReplicating(long n, boolean interceptors) throws Exception {
        String chain = interceptors ? """
                b.sources.r1.interceptors = ts host dc
                b.sources.r1.interceptors.ts.type = timestamp
                b.sources.r1.interceptors.host.type = host
                b.sources.r1.interceptors.dc.type = static
                b.sources.r1.interceptors.dc.key = datacenter
                b.sources.r1.interceptors.dc.value = NYC_01
                """ : "";
        String conf = chain + """
                b.sources = r1
                b.channels = c1 c2
                b.sinks = k1 k2
                b.sources.r1.type = seq
                b.sources.r1.batchSize = 1000
                b.sources.r1.totalEvents = %d
                b.sources.r1.channels = c1 c2
                b.channels.c1.type = memory
                b.channels.c1.capacity = 100000
                b.channels.c1.transactionCapacity = 1000
                b.channels.c2.type = memory
                b.channels.c2.capacity = 100000
                b.channels.c2.transactionCapacity = 1000
                b.sinks.k1.type = null
                b.sinks.k1.batchSize = 1000
                b.sinks.k1.logEveryNEvents = 2000000000
                b.sinks.k1.channel = c1
                b.sinks.k2.type = null
                b.sinks.k2.batchSize = 1000
                b.sinks.k2.logEveryNEvents = 2000000000
                b.sinks.k2.channel = c2
                """.formatted(n);
        try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY)) {
            return run.begin().awaitDrained(n, decimalDigits(n), "SINK.k1", "SINK.k2");
        }
    }

    private static BenchmarkResult netcat(long n, boolean ack, boolean file) throws Exception {
        Path dir = file ? Files.createTempDirectory("sluice-bench-file") : null;
        try {
            return netcat(n, ack, dir);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static BenchmarkResult netcat(long n, boolean ack, Path fileChannelDir) throws Exception {
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
        try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY);
             LoadClientProcess client = LoadClientProcess.start(NetcatLoadClient.class, "127.0.0.1", String.valueOf(port),
                     String.valueOf(n), String.valueOf(ack))) {
            BenchmarkResult result = run.awaitFirstEvent().begin()
                    .awaitDrained(n, n * NetcatLoadClient.LINE_BYTES, client::failed);
            client.awaitSuccess();
            return result;
        }
    }

    /**
     * {@code n} lines of {@link #FILE_LINE_BYTES} bytes in a temporary file (made once per run and
     * then in the page cache, so the figures are the agent's, not the disk's); deleted at exit.
     */
    private static Path lineFile(long n) throws IOException {
        Path dir = Files.createTempDirectory("sluice-bench");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve("lines.txt");
        byte[] line = new byte[FILE_LINE_BYTES];
        java.util.Arrays.fill(line, (byte) 'x');
        line[FILE_LINE_BYTES - 1] = '\n';
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long i = 0; i < n; i++) {
                byte[] num = Long.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(num, 0, line, 0, num.length);
                out.write(line);
            }
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * spooldir over the input moved into a fresh spool directory, into a null sink or (with
     * {@code hdfsUri}; empty for a local temporary directory) an hdfs sink writing DataStream text
     * files of up to 128 MB; the clock runs from the first event to the last drained.
     */
    private static BenchmarkResult spooldir(Path input, long n, boolean fileChannel, String hdfsUri) throws Exception {
        Path work = Files.createTempDirectory(input.getParent(), "round");
        Path spool = Files.createDirectories(work.resolve("spool"));
        Path dropped = Files.move(input, spool.resolve("input.log"));
        String channel = fileChannel ? """
                b.channels.c1.type = file
                b.channels.c1.checkpointDir = %s
                b.channels.c1.dataDirs = %s
                b.channels.c1.capacity = 1000000
                b.channels.c1.transactionCapacity = 10000
                """.formatted(work.resolve("checkpoint"), work.resolve("data")) : """
                b.channels.c1.type = memory
                b.channels.c1.capacity = 100000
                b.channels.c1.transactionCapacity = 10000
                """;
        String conf = """
                b.sources = r1
                b.channels = c1
                b.sinks = k1
                b.sources.r1.type = spooldir
                b.sources.r1.spoolDir = %s
                b.sources.r1.batchSize = 10000
                b.sources.r1.channels = c1
                %s
                %s
                b.sinks.k1.channel = c1
                """.formatted(spool, channel, hdfsUri == null ? """
                b.sinks.k1.type = null
                b.sinks.k1.batchSize = 10000
                b.sinks.k1.logEveryNEvents = 2000000000
                """ : """
                b.sinks.k1.type = hdfs
                b.sinks.k1.hdfs.path = %s
                b.sinks.k1.hdfs.fileType = DataStream
                b.sinks.k1.hdfs.batchSize = 10000
                b.sinks.k1.hdfs.rollCount = 0
                b.sinks.k1.hdfs.rollInterval = 0
                b.sinks.k1.hdfs.rollSize = 134217728
                """.formatted(hdfsUri.isEmpty() ? work.resolve("hdfs-out").toUri().toString()
                        : hdfsUri + "/" + work.getFileName()));
        BenchmarkResult result;
        try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY)) {
            result = run.awaitFirstEvent().begin().awaitDrained(n, n * FILE_LINE_BYTES);
        }
        Path done = spool.resolve("input.log.COMPLETED");
        Files.move(Files.exists(done) ? done : dropped, input);
        deleteTree(work);
        return result;
    }

    /** exec running {@code tail -F -n +1} on the input: lines/s through a pipe, as issue #6 asks. */
    private static BenchmarkResult exec(Path input, long n) throws Exception {
        String conf = memoryToNull("""
                b.sources.r1.type = exec
                b.sources.r1.command = tail -F -n +1 %s
                b.sources.r1.batchSize = 1000
                b.sources.r1.batchTimeout = 100
                """.formatted(input));
        try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY)) {
            return run.awaitFirstEvent().begin().awaitDrained(n, n * FILE_LINE_BYTES);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Issue #9: JSON posts of 100 events of 100 bytes over keep-alive connections from another JVM. */
    private static BenchmarkResult http(long n) throws Exception {
        int port = freePort();
        String conf = memoryToNull("""
                b.sources.r1.type = http
                b.sources.r1.bind = 127.0.0.1
                b.sources.r1.port = %d
                """.formatted(port));
        return driven(conf, n, (long) HttpLoadClient.BODY_BYTES * n, HttpLoadClient.class, "127.0.0.1",
                String.valueOf(port), String.valueOf(n), String.valueOf(HTTP_CONNECTIONS));
    }

    /** Connections the HTTP load client keeps open, each with one request in flight. */
    static final int HTTP_CONNECTIONS = 4;

    /** Issue #9: newline-terminated 100-byte RFC 5424 lines over one TCP connection from another JVM. */
    private static BenchmarkResult syslogTcp(long n) throws Exception {
        int port = freePort();
        String conf = memoryToNull("""
                b.sources.r1.type = syslogtcp
                b.sources.r1.host = 127.0.0.1
                b.sources.r1.port = %d
                """.formatted(port));
        return driven(conf, n, (long) SyslogLoadClient.LINE_BYTES * n, SyslogLoadClient.class, "127.0.0.1",
                String.valueOf(port), String.valueOf(n));
    }

    /** Runs an agent, drives it from a client JVM, and times first event to last drained. */
    private static BenchmarkResult driven(String conf, long n, long bytes, Class<?> clientClass, String... clientArgs)
            throws Exception {
        try (MeasuredAgent run = MeasuredAgent.start(conf, REGISTRY);
             LoadClientProcess client = LoadClientProcess.start(clientClass, clientArgs)) {
            BenchmarkResult result = run.awaitFirstEvent().begin().awaitDrained(n, bytes, client::failed);
            client.stop();
            return result;
        }
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
