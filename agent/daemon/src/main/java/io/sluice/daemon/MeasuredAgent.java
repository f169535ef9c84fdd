package io.sluice.daemon;

import com.sun.management.OperatingSystemMXBean;
import io.sluice.runtime.Agent;
import io.sluice.runtime.RuntimeSettings;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.metrics.MetricsRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A benchmark's agent, run in this process from a config whose agent is named {@code b}, with its
 * source {@code r1}, channel {@code c1} and sinks {@code k1, k2, ...}. {@link #begin()} starts the
 * clocks (wall time, this process's CPU time, the file channel's fsyncs);
 * {@link #awaitDrained} stops them once the sinks committed every event. Not thread-safe.
 */
final class MeasuredAgent implements AutoCloseable {
    private final MetricsRegistry metrics = new MetricsRegistry();
    private final Agent agent;
    private long startNanos;
    private long startCpuNanos;
    private long startFsyncs;

    private MeasuredAgent(String conf, ComponentRegistry registry) throws Exception {
        Path file = Files.createTempFile("sluice-bench", ".conf");
        try {
            Files.writeString(file, conf);
            PlanBuilder.Result result = PlanBuilder.build("b",
                    LoadedConfig.load(List.of(file), Map.of(), System.getProperties()), registry);
            if (!result.ok()) {
                throw new IllegalStateException("benchmark config invalid: " + result.problems().sorted());
            }
            agent = new Agent(metrics, RuntimeSettings.load());
            agent.start(result.plan());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static MeasuredAgent start(String conf, ComponentRegistry registry) throws Exception {
        return new MeasuredAgent(conf, registry);
    }

    /** Waits for the source's first event, so a load client's JVM start-up is not timed. */
    MeasuredAgent awaitFirstEvent() throws InterruptedException {
        while (counter("SOURCE.r1", "EventReceivedCount") <= 0) {
            Thread.sleep(1);
        }
        return this;
    }

    MeasuredAgent begin() {
        startCpuNanos = cpuNanos();
        startFsyncs = fsyncs();
        startNanos = System.nanoTime();
        return this;
    }

    /**
     * Waits until each of the given sinks committed {@code events}, checking {@code clientFailed}
     * meanwhile, and returns the figures since {@link #begin()}.
     */
    BenchmarkResult awaitDrained(long events, long bytes, BooleanSupplier clientFailed, String... sinks)
            throws InterruptedException {
        for (String sink : sinks.length == 0 ? new String[] {"SINK.k1"} : sinks) {
            while (counter(sink, "EventDrainSuccessCount") < events) {
                if (clientFailed.getAsBoolean()) {
                    throw new IllegalStateException("the load client failed before " + events + " events arrived");
                }
                Thread.sleep(1);
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpu = (cpuNanos() - startCpuNanos) / 1e9;
        boolean fileChannel = metrics.snapshot().getOrDefault("CHANNEL.c1", Map.of()).containsKey("FsyncCount");
        return new BenchmarkResult(events, bytes, seconds, cpu, fileChannel ? fsyncs() - startFsyncs : -1);
    }

    BenchmarkResult awaitDrained(long events, long bytes, String... sinks) throws InterruptedException {
        return awaitDrained(events, bytes, () -> false, sinks);
    }

    private long counter(String group, String attribute) {
        Map<String, Object> g = metrics.snapshot().get(group);
        return g == null || !g.containsKey(attribute) ? -1 : ((Number) g.get(attribute)).longValue();
    }

    private long fsyncs() {
        return Math.max(0, counter("CHANNEL.c1", "FsyncCount"));
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Override
    public void close() {
        agent.stop();
    }
}
