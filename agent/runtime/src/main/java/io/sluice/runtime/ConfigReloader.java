package io.sluice.runtime;

import io.sluice.runtime.config.ComponentRegistry;
import io.sluice.runtime.config.LoadedConfig;
import io.sluice.runtime.config.PlanBuilder;
import io.sluice.runtime.config.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config files (Flume polls every 30 s) and, when one changed, validates the whole new
 * config first: with any error it logs every problem and leaves the running agent alone; when
 * valid, it reconfigures only what changed. Nothing thrown in a check stops later checks.
 */
public final class ConfigReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final List<Path> files;
    private final String agentName;
    private final ComponentRegistry registry;
    private final Agent agent;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conf-file-poller");
        t.setDaemon(true);
        return t;
    });
    private List<Object> lastSeen;

    public ConfigReloader(List<Path> files, String agentName, ComponentRegistry registry, Agent agent) {
        this.files = List.copyOf(files);
        this.agentName = agentName;
        this.registry = registry;
        this.agent = agent;
        this.lastSeen = stamps();
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            checkNow();
        } catch (Throwable t) {
            LOG.error("Config reload check failed; the running configuration is kept: {}", t.toString(), t);
        }
    }

    /** Checks the files once; returns true if a new configuration was applied. */
    public boolean checkNow() throws AgentStartException {
        List<Object> now = stamps();
        if (Objects.equals(now, lastSeen)) {
            return false;
        }
        lastSeen = now;
        LOG.info("Config file changed; validating the new configuration");
        PlanBuilder.Result result = PlanBuilder.build(agentName,
                LoadedConfig.load(files, System.getenv(), System.getProperties()), registry);
        for (Problem p : result.problems().sorted()) {
            if (p.isError()) {
                LOG.error("{}", p);
            } else {
                LOG.warn("{}", p);
            }
        }
        if (!result.ok()) {
            LOG.error("The new configuration has {} error(s); the running configuration is kept",
                    result.problems().errors().size());
            return false;
        }
        agent.reconfigure(result.plan());
        return true;
    }

    /** Modification time and size of every file, so a rewrite within one timestamp tick is still seen. */
    private List<Object> stamps() {
        List<Object> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(Files.getLastModifiedTime(f).toMillis());
                out.add(Files.size(f));
            } catch (IOException e) {
                out.add("missing");
            }
        }
        return out;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
