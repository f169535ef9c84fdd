package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hbase sinks in a real {@code bin/agent} process: HBase's client is in {@code lib/hbase}, off
 * the agent's class path, and an agent with an hbase2 sink loads it from there and writes to a real
 * HBase (the mini cluster, in this JVM). That an agent without one loads no HBase class is checked by
 * HdfsAgentIT with the Hadoop classes.
 */
class HBaseAgentIT {
    private static final Path LIB = AgentProcess.HOME.resolve("agent/daemon/target/lib");
    private static final byte[] CF = Bytes.toBytes("cf");
    private static HBaseTestingUtility hbase;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        hbase = new HBaseTestingUtility();
        hbase.startMiniCluster();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (hbase != null) {
            hbase.shutdownMiniCluster();
        }
    }

    private static List<String> jars(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void anHbase2SinkLoadsTheClientFromLibHbaseAndWritesEveryEventToTheTable() throws Exception {
        List<String> onClassPath = jars(LIB).stream().filter(n -> n.startsWith("hbase-") || n.startsWith("htrace-")
                || n.startsWith("commons-logging-") || n.startsWith("opentelemetry-")).toList();
        assertEquals(List.of(), onClassPath, "HBase's jars must not be on bin/agent's class path, lib/*");
        assertTrue(jars(LIB.resolve("hbase")).stream().anyMatch(n -> n.startsWith("hbase-shaded-client-")),
                jars(LIB.resolve("hbase")).toString());
        hbase.createTable(TableName.valueOf("events"), CF).close();
        Path conf = tmp.resolve("hbase.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = 500
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.sinks.k1.type = hbase2
                a1.sinks.k1.table = events
                a1.sinks.k1.columnFamily = cf
                a1.sinks.k1.zookeeperQuorum = localhost:%d
                a1.sinks.k1.serializer.payloadColumn = body
                a1.sinks.k1.serializer.incrementColumn = n
                a1.sinks.k1.channel = c1
                """.formatted(hbase.getZkCluster().getClientPort()));
        int metricsPort = FreePort.tcp();
        String output;
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of("JAVA_OPTS", "-Xlog:class+load=info"),
                "--conf-file", conf.toString(), "--name", "a1", "--no-reload-conf",
                "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + metricsPort)) {
            agent.awaitLog("Serving JSON metrics", Duration.ofSeconds(120));
            agent.awaitDrained(metricsPort, 500, Duration.ofSeconds(120));
            assertEquals(0, agent.terminate(Duration.ofSeconds(60)), agent.output());
            output = agent.output();
        }
        assertTrue(output.contains("HBase's client loaded from " + LIB.resolve("hbase")), output);
        String connectionFactory = output.lines()
                .filter(l -> l.contains("[class,load] org.apache.hadoop.hbase.client.ConnectionFactory "))
                .findFirst().orElse("ConnectionFactory never loaded");
        assertTrue(connectionFactory.contains("/lib/hbase/hbase-shaded-client-"), connectionFactory);

        List<String> bodies = new ArrayList<>();
        long counted = -1;
        try (Table t = hbase.getConnection().getTable(TableName.valueOf("events"));
             ResultScanner scanner = t.getScanner(new Scan())) {
            for (Result r : scanner) {
                if (Bytes.toString(r.getRow()).equals("incRow")) {
                    counted = Bytes.toLong(r.getValue(CF, Bytes.toBytes("n")));
                } else {
                    bodies.add(new String(r.getValue(CF, Bytes.toBytes("body")), StandardCharsets.UTF_8));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(Integer.toString(i));
        }
        bodies.sort(null);
        expected.sort(null);
        assertEquals(expected, bodies, "every event once, with its body");
        assertEquals(500L, counted, "the increment column counts every event");
    }

    /**
     * HBase's client waits minutes for a ZooKeeper that is down. That wait belongs to the sink's own
     * thread: the agent still starts its sources at once, and a SIGTERM still ends it (after the
     * drain timeout and the runner's join), instead of hanging in the sink's start.
     */
    @Test
    void anUnreachableZooKeeperHoldsUpNeitherStartNorStop() throws Exception {
        int port = FreePort.tcp();
        Path conf = tmp.resolve("down.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.sinks.k1.type = hbase2
                a1.sinks.k1.table = events
                a1.sinks.k1.columnFamily = cf
                a1.sinks.k1.zookeeperQuorum = 127.0.0.1:%d
                a1.sinks.k1.channel = c1
                """.formatted(port, FreePort.tcp()));
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of(), "--conf-file", conf.toString(), "--name", "a1",
                "--no-reload-conf", "-Dsluice.shutdown.drainTimeout=1s")) {
            agent.awaitLog("Agent a1 started", Duration.ofSeconds(30));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("kept in the channel\n".getBytes(StandardCharsets.UTF_8));
                assertEquals('O', s.getInputStream().read(), "the source answers while the sink waits for ZooKeeper");
            }
            assertEquals(0, agent.terminate(Duration.ofSeconds(45)), agent.output());
        }
    }
}
