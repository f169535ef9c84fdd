package io.sluice.sinks.hbase.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sinks.hbase.HBaseSinkSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hbase-site.xml of the conf directory, which bin/agent -c puts on the class path, under the sink's
 * own keys. HBaseConfiguration reads it through its own class loader, so the check runs in a JVM
 * whose class path starts with the conf directory, as the agent's does.
 */
class ClientConfigurationTest {

    @Test
    void hbaseSiteFromTheConfDirectoryAppliesAndTheSinksKeysOverrideIt(@TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("hbase-site.xml"), """
                <configuration>
                  <property><name>hbase.zookeeper.quorum</name><value>site-zk1,site-zk2</value></property>
                  <property><name>zookeeper.znode.parent</name><value>/site-hbase</value></property>
                  <property><name>hbase.client.retries.number</name><value>7</value></property>
                </configuration>
                """);
        String classPath = conf + File.pathSeparator
                + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = conf.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                Print.class.getName()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(printed.contains("site: site-zk1,site-zk2 /site-hbase 7\n"), printed);
        assertTrue(printed.contains("sink: zk9 2222 /mine 5000 7\n"), printed);
    }

    /** Prints the client configuration without and with the sink's keys. */
    public static final class Print {
        public static void main(String[] args) {
            Configuration site = ClientConfiguration.of(
                    new HBaseSinkSettings("t", "f", false, true, null, 0, null, null, null, null));
            System.out.print("site: " + site.get("hbase.zookeeper.quorum") + " " + site.get("zookeeper.znode.parent") + " "
                    + site.get("hbase.client.retries.number") + "\n");
            Configuration sink = ClientConfiguration.of(
                    new HBaseSinkSettings("t", "f", false, true, "zk9", 2222, "/mine", null, null, 5000L));
            System.out.print("sink: " + sink.get("hbase.zookeeper.quorum") + " "
                    + sink.get("hbase.zookeeper.property.clientPort") + " " + sink.get("zookeeper.znode.parent") + " "
                    + sink.get("hbase.client.operation.timeout") + " " + sink.get("hbase.client.retries.number") + "\n");
        }
    }
}
