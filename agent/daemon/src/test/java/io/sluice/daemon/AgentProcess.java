package io.sluice.daemon;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code bin/agent} process for end-to-end tests: started, watched through its log, signalled, reaped. */
final class AgentProcess implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("sluice.home", "../..")).toAbsolutePath().normalize();

    final Process process;
    final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AgentProcess start(Path logDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/agent").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(logDir, "agent", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), log);
    }

    /** Runs bin/agent to completion (e.g. validate) and returns its exit code; output lands in {@link #output()}. */
    static AgentProcess run(Path logDir, String... args) throws Exception {
        AgentProcess p = start(logDir, Map.of(), args);
        if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
            p.process.destroyForcibly();
            throw new AssertionError("bin/agent did not finish: " + p.output());
        }
        return p;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<unreadable log: " + e + ">";
        }
    }

    /** Waits until the log contains {@code text}; fails early if the process died. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("agent exited with " + process.exitValue() + " before logging '" + text + "':\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the agent log within " + timeout + ":\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until sink {@code k1}'s EventDrainSuccessCount on the HTTP metrics endpoint at
     * {@code metricsPort} reaches {@code events}; fails early if the process died.
     */
    void awaitDrained(int metricsPort, long events, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String drained = ExampleAgentIT.attribute(get("http://localhost:" + metricsPort + "/metrics"),
                    "SINK.k1", "EventDrainSuccessCount");
            if (drained != null && Long.parseLong(drained) >= events) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("sink k1 did not drain " + events + " events within " + timeout + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, then the exit code (fails if it takes longer than {@code timeout}). */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("agent did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Peak resident memory of the process in MB (VmHWM). */
    long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for " + process.pid());
    }

    static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
