package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hdfs sink in a real {@code bin/agent} process: Hadoop's classes are loaded only by an agent
 * that has an hdfs sink, from {@code lib/hadoop} (off the class path), and such an agent reads
 * core-site.xml from its {@code -c} conf directory.
 */
class HdfsAgentIT {
    @TempDir
    Path tmp;

    /** Every class the JVM loaded, from {@code -Xlog:class+load} in the agent's output. */
    private static List<String> loadedClasses(String output) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            int at = line.indexOf("[class,load] ");
            if (at >= 0) {
                String rest = line.substring(at + "[class,load] ".length());
                int space = rest.indexOf(' ');
                out.add(space < 0 ? rest : rest.substring(0, space));
            }
        }
        return out;
    }

    /** Also for HBase's client, which bundles Hadoop classes: HBaseAgentIT has the hbase sink's side. */
    @Test
    void anAgentWithoutAnHdfsOrHbaseSinkLoadsNoHadoopOrHBaseClass() throws Exception {
        int port = FreePort.tcp();
        Path conf = tmp.resolve("netcat.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.sinks.k1.type = logger
                a1.sinks.k1.channel = c1
                """.formatted(port));
        String output;
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of("JAVA_OPTS", "-Xlog:class+load=info"),
                "--conf-file", conf.toString(), "--name", "a1", "--no-reload-conf")) {
            agent.awaitLog("Agent a1 started", Duration.ofSeconds(60));
            assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
            output = agent.output();
        }
        List<String> classes = loadedClasses(output);
        assertTrue(classes.contains("io.sluice.sinks.hdfs.HdfsSinkProvider"),
                "the hdfs module must be on the class path and its provider loaded, or this test proves nothing");
        assertTrue(classes.contains("io.sluice.sinks.hdfs.HdfsSink"), "the hdfs sink's spec is loaded for the registry");
        assertTrue(classes.contains("io.sluice.sinks.hbase.HBaseSink"), "the hbase sinks' spec is loaded for the registry");
        List<String> hadoop = classes.stream().filter(c -> c.startsWith("org.apache.hadoop")).toList();
        assertEquals(List.of(), hadoop, "an agent without an hdfs or hbase sink loaded Hadoop or HBase classes");
        List<String> hbase = classes.stream().filter(c -> c.startsWith("org.apache.hbase")).toList();
        assertEquals(List.of(), hbase, "an agent without an hbase sink loaded HBase's relocated dependencies");
    }

    @Test
    void anHdfsSinkReadsCoreSiteFromTheConfDirectory() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("mounted"));
        Path confDir = Files.createDirectories(tmp.resolve("conf"));
        // A view file system whose /data is the local directory above: only a core-site.xml that was
        // read can make the scheme-less path /data/events land there.
        Files.writeString(confDir.resolve("core-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property><name>fs.defaultFS</name><value>viewfs://sluice/</value></property>
                  <property><name>fs.viewfs.mounttable.sluice.link./data</name><value>%s</value></property>
                </configuration>
                """.formatted(target.toUri()));
        Path conf = tmp.resolve("hdfs.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = 1000
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.sinks.k1.type = hdfs
                a1.sinks.k1.hdfs.path = /data/events
                a1.sinks.k1.hdfs.fileType = DataStream
                a1.sinks.k1.hdfs.rollCount = 0
                a1.sinks.k1.hdfs.rollSize = 0
                a1.sinks.k1.channel = c1
                """);
        int metricsPort = FreePort.tcp();
        String output;
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of("JAVA_OPTS", "-Xlog:class+load=info"),
                "--conf-file", conf.toString(), "--name", "a1",
                "-c", confDir.toString(), "--no-reload-conf", "-Dflume.monitoring.type=http",
                "-Dflume.monitoring.port=" + metricsPort)) {
            agent.awaitLog("Serving JSON metrics", Duration.ofSeconds(60));
            agent.awaitDrained(metricsPort, 1000, Duration.ofSeconds(60));
            assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
            output = agent.output();
        }
        String configurationLoad = output.lines().filter(l -> l.contains("[class,load] org.apache.hadoop.conf.Configuration "))
                .findFirst().orElse("Configuration never loaded");
        assertTrue(configurationLoad.contains("/lib/hadoop/hadoop-client-api-"),
                "Hadoop must come from lib/hadoop through the sink's own class loader: " + configurationLoad);
        List<Path> files;
        try (Stream<Path> s = Files.walk(target)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")).toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertFalse(files.get(0).toString().endsWith(".tmp"), files.toString());
        assertEquals(target.resolve("events"), files.get(0).getParent());
        List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
        assertEquals(1000, lines.size());
        assertEquals("0", lines.get(0));
        assertEquals("999", lines.get(999));
    }
}
