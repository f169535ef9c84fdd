package io.sluice.daemon;

import io.sluice.runtime.Agent;
import io.sluice.runtime.AgentStartException;
import io.sluice.runtime.ConfigReloader;
import io.sluice.runtime.RuntimeSettings;
import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.metrics.JmxReporter;
import io.sluice.runtime.metrics.MetricsRegistry;
import io.sluice.runtime.metrics.MetricsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs an agent in the foreground until SIGTERM or SIGINT, then stops it in order (sources, a
 * bounded drain of the sinks, sinks, channels) and exits 0. Refuses to start, exit 2, on any config
 * error; exit 1 when a channel or the metrics server cannot start.
 */
final class RunCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private RunCommand() {
    }

    static int run(String[] args) throws AgentOptions.UsageException {
        AgentOptions options = AgentOptions.parse(args);
        Logging.applyFlumeRootLogger();
        ComponentRegistry registry = ComponentRegistry.load();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PlanBuilder.Result result = ConfigCheck.run(options, registry, new PrintStream(report, true, StandardCharsets.UTF_8));
        for (String line : report.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains(": error: ")) {
                LOG.error("{}", line);
            } else if (line.contains(": warning: ")) {
                LOG.warn("{}", line);
            } else if (!line.isBlank()) {
                LOG.info("{}", line);
            }
        }
        if (!result.ok()) {
            LOG.error("Agent '{}' not started: the configuration has {} error(s), listed above",
                    options.name(), result.problems().errors().size());
            return Main.EXIT_CONFIG;
        }
        RuntimeSettings settings = RuntimeSettings.load();
        MetricsRegistry metricsRegistry = new MetricsRegistry();
        Agent agent = new Agent(metricsRegistry, settings);
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> stopRequested.countDown());
        }
        MetricsServer metrics = null;
        ConfigReloader reloader = null;
        JmxReporter jmx = null;
        try {
            // Bound before the agent starts, so a long channel start (a file channel's replay) can be watched.
            metrics = startMetrics(metricsRegistry);
            agent.start(result.plan());
            if (settings.jmx()) {
                // After the start, so the platform MBean server's own start-up does not delay the sources'.
                jmx = new JmxReporter();
                metricsRegistry.addListener(jmx);
            }
            if (metrics != null) {
                LOG.info("Serving JSON metrics on http://0.0.0.0:{}/metrics", metrics.port());
            }
            if (options.reload()) {
                reloader = new ConfigReloader(options.confFiles(), options.name(), registry, agent);
                int seconds = options.pollIntervalSeconds() == null || options.pollIntervalSeconds() <= 0 ? -1
                        : options.pollIntervalSeconds();
                reloader.start(seconds > 0 ? Duration.ofSeconds(seconds) : settings.reloadPollInterval());
            }
        } catch (AgentStartException | StartupException e) {
            LOG.error("Agent '{}' could not start: {}", options.name(), e.getMessage());
            agent.stop();
            if (metrics != null) {
                metrics.close();
            }
            if (jmx != null) {
                jmx.close();
            }
            return Main.EXIT_FAILURE;
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Stop requested; stopping agent '{}'", options.name());
        if (reloader != null) {
            reloader.close();
        }
        agent.stop();
        if (metrics != null) {
            metrics.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        return 0;
    }

    private static MetricsServer startMetrics(MetricsRegistry registry) throws StartupException {
        String type = System.getProperty("flume.monitoring.type");
        if (type == null || type.isBlank()) {
            return null;
        }
        if (!type.trim().toLowerCase(Locale.ROOT).equals("http")) {
            throw new StartupException("flume.monitoring.type = " + type + ": Sluice supports 'http' only");
        }
        String portText = System.getProperty("flume.monitoring.port", "41414");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new StartupException("flume.monitoring.port = " + portText + ": not a port number");
        }
        try {
            return MetricsServer.start(port, registry);
        } catch (Exception e) {
            throw new StartupException("cannot serve metrics on port " + port + ": " + e);
        }
    }

    private static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }
}
