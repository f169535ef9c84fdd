package io.sluice.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.metrics.ChannelCounter;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.testkit.Await;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Counter groups appear on the platform MBean server under Flume's names, with Flume's types, and go away again. */
class JmxReporterTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private void awaitRegistered(ObjectName name, boolean registered) {
        Await.until(Duration.ofSeconds(5), () -> server.isRegistered(name) == registered,
                () -> name + (registered ? " never registered" : " still registered"));
    }

    @Test
    void groupsAreMBeansNamedAsFlumeNamesThemAndLiveUntilUnregistered() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        SourceCounter source = new SourceCounter("jmx-r1");
        registry.register(source); // before the reporter: replayed when it is added
        ChannelCounter channel = new ChannelCounter("jmx-c1");
        channel.bind(200, () -> 50);
        try (JmxReporter jmx = new JmxReporter()) {
            registry.addListener(jmx);
            registry.register(channel);
            ObjectName sourceName = new ObjectName("org.apache.flume.source:type=jmx-r1");
            ObjectName channelName = new ObjectName("org.apache.flume.channel:type=jmx-c1");
            awaitRegistered(sourceName, true);
            awaitRegistered(channelName, true);

            source.addEventReceived(7);
            assertEquals(7L, server.getAttribute(sourceName, "EventReceivedCount"));
            assertEquals("SOURCE", server.getAttribute(sourceName, "Type"));
            assertEquals(25.0, server.getAttribute(channelName, "ChannelFillPercentage"));
            MBeanAttributeInfo[] attributes = server.getMBeanInfo(channelName).getAttributes();
            assertEquals("double", Arrays.stream(attributes).filter(a -> a.getName().equals("ChannelFillPercentage"))
                    .findFirst().orElseThrow().getType());
            assertEquals("long", Arrays.stream(attributes).filter(a -> a.getName().equals("ChannelSize"))
                    .findFirst().orElseThrow().getType());
            assertFalse(Arrays.stream(attributes).anyMatch(MBeanAttributeInfo::isWritable));

            // A replacement under the same name takes it over; unregistering the old one leaves it alone.
            SourceCounter replacement = new SourceCounter("jmx-r1");
            registry.register(replacement);
            registry.unregister(source);
            replacement.addEventReceived(3);
            Await.until(Duration.ofSeconds(5), () -> attribute(sourceName, "EventReceivedCount").equals(3L),
                    () -> "the replacement did not take over " + sourceName);

            registry.unregister(channel);
            awaitRegistered(channelName, false);
        }
        assertFalse(server.isRegistered(new ObjectName("org.apache.flume.source:type=jmx-r1")),
                "close() unregisters what the reporter registered");
    }

    @Test
    void aNameJmxForbidsIsQuotedInsteadOfLeavingTheComponentUnwatched() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        try (JmxReporter jmx = new JmxReporter()) {
            registry.addListener(jmx);
            registry.register(new SourceCounter("odd,name=1"));
            ObjectName quoted = new ObjectName("org.apache.flume.source", "type", ObjectName.quote("odd,name=1"));
            awaitRegistered(quoted, true);
            assertTrue(server.getAttribute(quoted, "StartTime") instanceof Long);
        }
    }

    private Object attribute(ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
