package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first experience, end to end: bin/agent on conf/example.conf as a separate process,
 * lines over TCP answered OK, events in the logger output, Flume-named counters on /metrics and over
 * remote JMX, and a
 * clean exit 0 on SIGTERM. The example's fixed port 44444 is overridden by a second --conf-file
 * (later files win, as in Flume) so tests never depend on a fixed port.
 */
class ExampleAgentIT {
    @TempDir
    Path tmp;

    @Test
    void exampleConfigAcknowledgesLinesLogsEventsCountsThemAndStopsCleanly() throws Exception {
        int port = FreePort.tcp();
        int metricsPort = FreePort.tcp();
        Path override = tmp.resolve("port.conf");
        Files.writeString(override, "a1.sources.r1.port = " + port + "\n");
        int jmxPort = FreePort.tcp();
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of(), "--conf-file", "conf/example.conf",
                "--conf-file", override.toString(), "--name", "a1",
                "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + metricsPort,
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.host=localhost",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false")) {
            agent.awaitLog("Serving JSON metrics", Duration.ofSeconds(60));
            try (Socket s = new Socket("localhost", port)) {
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                out.write("Hello world!\r\nsecond line\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertEquals("OK", in.readLine());
                assertEquals("OK", in.readLine());
            }
            agent.awaitLog("Event: { headers:{} body: 48 65 6C 6C 6F 20 77 6F 72 6C 64 21 0D          Hello world!. }",
                    Duration.ofSeconds(10));
            agent.awaitLog("second line }", Duration.ofSeconds(10));

            String metrics = AgentProcess.get("http://localhost:" + metricsPort + "/metrics");
            assertTrue(metrics.startsWith("200 {"), metrics);
            assertEquals("2", attribute(metrics, "SOURCE.r1", "EventAcceptedCount"), metrics);
            assertEquals("2", attribute(metrics, "CHANNEL.c1", "EventPutSuccessCount"), metrics);
            assertEquals("1000", attribute(metrics, "CHANNEL.c1", "ChannelCapacity"), metrics);
            assertEquals("2", attribute(metrics, "SINK.k1", "EventDrainSuccessCount"), metrics);
            assertEquals("404 Not Found\n", AgentProcess.get("http://localhost:" + metricsPort + "/metrics/"));
            assertCountersOverRemoteJmx(jmxPort);

            assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
            assertTrue(agent.output().contains("Agent a1 stopped"), agent.output());
        }
    }

    /** The same counters as a JMX console or exporter pointed at a Flume agent reads them. */
    private static void assertCountersOverRemoteJmx(int port) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:" + port + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertEquals(2L, jmx.getAttribute(new ObjectName("org.apache.flume.source:type=r1"), "EventAcceptedCount"));
            assertEquals(1000L, jmx.getAttribute(new ObjectName("org.apache.flume.channel:type=c1"), "ChannelCapacity"));
            assertEquals(2L, jmx.getAttribute(new ObjectName("org.apache.flume.sink:type=k1"), "EventDrainSuccessCount"));
        }
    }

    @Test
    void validateListsEveryErrorWithFileAndLineAndExitsTwo() throws Exception {
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = localhost
                a1.sources.r1.port = not-a-port
                a1.sources.r1.channels = c1 c9
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 10
                a1.channels.c1.transactionCapacity = 100
                a1.sinks.k1.type = loger
                a1.sinks.k1.channel = c1
                """);
        AgentProcess p = AgentProcess.run(tmp, "validate", "--conf-file", bad.toString(), "--name", "a1");
        String out = p.output();
        assertEquals(2, p.process.exitValue(), out);
        assertTrue(out.contains(bad + ":6: error: a1.sources.r1.port = not-a-port"), out);
        assertTrue(out.contains(bad + ":7: error: a1.sources.r1.channels names 'c9'"), out);
        assertTrue(out.contains(bad + ":10: error: a1.channels.c1.transactionCapacity"), out);
        assertTrue(out.contains(bad + ":11: error: a1.sinks.k1.type: unknown sink type 'loger'; did you mean 'logger'?"), out);
    }

    @Test
    void validateAcceptsTheExampleConfig() throws Exception {
        AgentProcess p = AgentProcess.run(tmp, "validate", "--conf-file", "conf/example.conf", "--name", "a1");
        assertEquals(0, p.process.exitValue(), p.output());
        assertTrue(p.output().contains("agent 'a1' is valid"), p.output());
    }

    @Test
    void agentRefusesToStartOnAConfigErrorWithExitTwo() throws Exception {
        AgentProcess p = AgentProcess.run(tmp, "--conf-file", "conf/example.conf", "--name", "nosuchagent");
        assertEquals(2, p.process.exitValue(), p.output());
        assertTrue(p.output().contains("no agent named 'nosuchagent'"), p.output());
    }

    static String attribute(String json, String group, String name) {
        Matcher g = Pattern.compile("\"" + Pattern.quote(group) + "\":\\{([^}]*)}").matcher(json);
        if (!g.find()) {
            return null;
        }
        Matcher a = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(g.group(1));
        return a.find() ? a.group(1) : null;
    }
}
