package io.sluice.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark's {@code file-restart} scenario: a real {@code bin/agent} (netcat → file channel,
 * no sink) is filled with {@code n} acknowledged 100-byte lines, then stopped by kill -9 or by
 * SIGTERM, and started again; reported is the time from the new process's start to its netcat port
 * accepting a connection, and how long the channel's recovery took by its own log.
 */
final class FileRestartBenchmark {
    private static final Pattern RECOVERED = Pattern.compile("recovered (\\d+) events in (\\d+) ms");

    private FileRestartBenchmark() {
    }

    static void run(long n) throws Exception {
        for (boolean kill : new boolean[] {true, false}) {
            Path dir = Files.createTempDirectory("sluice-bench-restart");
            try {
                measure(dir, n, kill);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static void measure(Path dir, long n, boolean kill) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, """
                b.sources = r1
                b.channels = c1
                b.sources.r1.type = netcat
                b.sources.r1.bind = 127.0.0.1
                b.sources.r1.port = %d
                b.sources.r1.ack-every-event = true
                b.sources.r1.channels = c1
                b.channels.c1.type = file
                b.channels.c1.checkpointDir = %s
                b.channels.c1.dataDirs = %s
                b.channels.c1.capacity = %d
                b.channels.c1.transactionCapacity = 1000
                """.formatted(port, dir.resolve("checkpoint"), dir.resolve("data"), Math.max(n, 1000)));
        Process filler = agent(conf, dir.resolve("fill.log"));
        awaitPort(port, filler, 60_000);
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NetcatLoadClient.class.getName(),
                "127.0.0.1", String.valueOf(port), String.valueOf(n), "true").inheritIO().start();
        if (client.waitFor() != 0) {
            throw new IllegalStateException("load client failed");
        }
        if (kill) {
            filler.destroyForcibly();
        } else {
            filler.destroy();
        }
        filler.waitFor(60, TimeUnit.SECONDS);

        Path log = dir.resolve("restart.log");
        long t0 = System.nanoTime();
        Process restarted = agent(conf, log);
        awaitPort(port, restarted, 120_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        restarted.destroy();
        restarted.waitFor(60, TimeUnit.SECONDS);
        Matcher m = RECOVERED.matcher(Files.readString(log));
        String recovery = m.find() ? m.group(1) + " events recovered in " + m.group(2) + " ms" : "no recovery line";
        System.out.printf(Locale.ROOT, "file-restart after %-8s %d events queued: listening %.2f s after process start "
                + "(%s)%n", kill ? "kill -9," : "SIGTERM,", n, seconds, recovery);
    }

    private static Process agent(Path conf, Path log) throws IOException, URISyntaxException {
        return new ProcessBuilder(launcher().toString(), "--conf-file", conf.toString(), "--name", "b",
                "--no-reload-conf").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** bin/agent of this installation: the daemon jar sits in agent/daemon/target/lib. */
    private static Path launcher() throws URISyntaxException {
        Path jar = Path.of(FileRestartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().getParent().getParent().getParent().resolve("bin/agent");
    }

    private static void awaitPort(int port, Process p, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("agent exited with " + p.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException notYet) {
                Thread.sleep(2);
            }
        }
        throw new IllegalStateException("port " + port + " not open within " + timeoutMillis + " ms");
    }

}
