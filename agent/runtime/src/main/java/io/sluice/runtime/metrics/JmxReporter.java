package io.sluice.runtime.metrics;

import io.sluice.api.metrics.CounterGroup;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's JMX reporting (spec §11.1): every counter group of the registry as an MBean named
 * {@code org.apache.flume.<type>:type=<name>} on the platform MBean server, so JMX consoles and
 * exporters pointed at a Flume agent keep working. Registering happens on a thread of its own,
 * in order: the platform MBean server takes tens of milliseconds to come up, which the agent's
 * start-up should not wait for.
 */
public final class JmxReporter implements MetricsRegistry.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JmxReporter.class);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-jmx");
        t.setDaemon(true);
        return t;
    });
    /** What this reporter registered, by name; touched only on the worker thread. */
    private final Map<ObjectName, CounterGroup> registered = new HashMap<>();
    private MBeanServer server;

    @Override
    public void registered(CounterGroup group) {
        worker.execute(() -> register(group));
    }

    @Override
    public void unregistered(CounterGroup group) {
        worker.execute(() -> {
            ObjectName name = objectName(group);
            if (registered.get(name) == group) {
                unregister(name);
            }
        });
    }

    /** The MBean name Flume gives a group, quoted if the component name has characters JMX forbids. */
    static ObjectName objectName(CounterGroup group) {
        String domain = "org.apache.flume." + group.type().name().toLowerCase(Locale.ROOT);
        try {
            return new ObjectName(domain, "type", group.name());
        } catch (MalformedObjectNameException e) {
            try {
                return new ObjectName(domain, "type", ObjectName.quote(group.name()));
            } catch (MalformedObjectNameException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private void register(CounterGroup group) {
        ObjectName name = objectName(group);
        try {
            if (server == null) {
                server = ManagementFactory.getPlatformMBeanServer();
            }
            if (server.isRegistered(name)) {
                // A component replaced by a reload: the new one takes the name, as in Flume.
                unregister(name);
            }
            server.registerMBean(new CounterGroupMBean(group), name);
            registered.put(name, group);
        } catch (JMException | RuntimeException e) {
            LOG.error("Could not register the JMX MBean {} for {} {}; its counters stay on the JSON endpoint only: {}",
                    name, group.type(), group.name(), e.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("JMX MBean {} was already gone: {}", name, e.toString());
        }
        registered.remove(name);
    }

    /** Removes every MBean this reporter registered; waits up to a few seconds for pending work. */
    @Override
    public void close() {
        worker.execute(() -> Map.copyOf(registered).keySet().forEach(this::unregister));
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("JMX reporter did not finish unregistering within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
