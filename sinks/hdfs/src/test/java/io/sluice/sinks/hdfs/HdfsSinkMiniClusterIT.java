package io.sluice.sinks.hdfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.LongWritable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hdfs sink against a real HDFS: Hadoop's MiniDFSCluster in this JVM, two datanodes, replication
 * two. One cluster for the class (it takes seconds to start); each test writes under its own path.
 */
class HdfsSinkMiniClusterIT {
    @TempDir
    static Path base;

    private static MiniDFSCluster cluster;
    private static Configuration conf;
    private static FileSystem dfs;

    @BeforeAll
    static void startCluster() throws IOException {
        conf = new HdfsConfiguration();
        conf.setInt("dfs.replication", 2);
        conf.setInt("dfs.namenode.safemode.extension", 0);
        conf.setInt("dfs.heartbeat.interval", 1);
        conf.setInt("ipc.client.connect.max.retries", 30);
        String me = System.getProperty("user.name");
        conf.set("hadoop.proxyuser." + me + ".hosts", "*");
        conf.set("hadoop.proxyuser." + me + ".groups", "*");
        cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(2).build();
        cluster.waitActive();
        dfs = cluster.getFileSystem();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    private static String uri(String path) {
        return cluster.getURI() + path;
    }

    private static SinkFixture sink(Map<String, String> raw) throws Exception {
        SinkFixture f = new SinkFixture(raw, new Configuration(conf));
        f.sink.start();
        return f;
    }

    private static List<Event> events(String prefix, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Event.ofString(prefix + i));
        }
        return out;
    }

    /** process() until a take is empty, retrying failed batches (the channel keeps them) for up to a minute. */
    private static void drainRetrying(SinkFixture f) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (f.sink.process() == Status.BACKOFF) {
                    return;
                }
            } catch (EventDeliveryException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Path name to the lines of every file under {@code dir}. */
    private static Map<String, List<String>> textFiles(String dir) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (FileStatus s : dfs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
            try (var in = dfs.open(s.getPath())) {
                String text = new String(in.readAllBytes(), UTF_8);
                out.put(s.getPath().getName(), text.isEmpty() ? List.of() : List.of(text.split("\n")));
            }
        }
        return out;
    }

    private static void assertEveryEventOnceInFinalizedFiles(String dir, String prefix, int n) throws IOException {
        Map<String, List<String>> files = textFiles(dir);
        assertTrue(files.keySet().stream().noneMatch(name -> name.endsWith(".tmp")), files.keySet().toString());
        List<String> all = files.values().stream().flatMap(List::stream).toList();
        for (int i = 0; i < n; i++) {
            assertTrue(all.contains(prefix + i), prefix + i + " missing from " + files.keySet());
        }
        assertEquals(n, all.stream().distinct().count());
    }

    @Test
    void dataStreamAndSequenceFilesAreWrittenToHdfsAndReadBack() throws Exception {
        Map<String, String> text = SinkFixture.textConfig(uri("/flume/text"));
        text.put("hdfs.minBlockReplicas", "2");
        SinkFixture a = sink(text);
        a.put(events("t", 500));
        drainRetrying(a);
        assertTrue(dfs.listStatus(new org.apache.hadoop.fs.Path("/flume/text"))[0].getPath().getName().endsWith(".tmp"));
        a.close();
        assertEveryEventOnceInFinalizedFiles("/flume/text", "t", 500);

        Map<String, String> seq = SinkFixture.textConfig(uri("/flume/seq"));
        seq.put("hdfs.fileType", "SequenceFile");
        seq.put("hdfs.writeFormat", "Text");
        seq.put("hdfs.codeC", "gzip");
        SinkFixture b = sink(seq);
        b.put(events("s", 300));
        drainRetrying(b);
        b.close();
        FileStatus[] files = dfs.listStatus(new org.apache.hadoop.fs.Path("/flume/seq"));
        assertEquals(1, files.length);
        assertTrue(files[0].getPath().getName().endsWith(".gz"));
        int read = 0;
        try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(files[0].getPath()))) {
            LongWritable key = new LongWritable();
            Text value = new Text();
            while (r.next(key, value)) {
                assertEquals("s" + read, value.toString());
                read++;
            }
        }
        assertEquals(300, read);
    }

    @Test
    void aDatanodeStoppedMidFileLosesNoEventAndTheSinkRollsAwayFromTheUnderReplicatedFile() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("/flume/dn"));
        raw.put("hdfs.minBlockReplicas", "2");
        SinkFixture f = sink(raw);
        MiniDFSCluster.DataNodeProperties stopped = null;
        try {
            f.put(events("a", 200));
            drainRetrying(f);
            stopped = cluster.stopDataNode(0);
            f.put(events("b", 200));
            drainRetrying(f);
            f.put(events("c", 200));
            drainRetrying(f);
            f.close();
        } finally {
            if (stopped != null) {
                cluster.restartDataNode(stopped, true);
                cluster.waitActive();
            }
        }
        Map<String, List<String>> files = textFiles("/flume/dn");
        assertTrue(files.size() >= 2, "expected a roll after the datanode stopped: " + files.keySet());
        List<String> all = files.values().stream().flatMap(List::stream).toList();
        for (String p : List.of("a", "b", "c")) {
            for (int i = 0; i < 200; i++) {
                assertTrue(all.contains(p + i), p + i + " missing");
            }
        }
        assertTrue(files.keySet().stream().noneMatch(n -> n.endsWith(".tmp")), files.keySet().toString());
    }

    @Test
    void aNamenodeRestartBetweenBatchesLosesNoEvent() throws Exception {
        Map<String, String> raw = SinkFixture.textConfig(uri("/flume/nn"));
        raw.put("hdfs.minBlockReplicas", "1");
        raw.put("hdfs.callTimeout", "60000");
        SinkFixture f = sink(raw);
        f.put(events("x", 300));
        drainRetrying(f);
        cluster.restartNameNode(true);
        cluster.waitActive();
        dfs = cluster.getFileSystem();
        f.put(events("y", 300));
        drainRetrying(f);
        f.close();
        Map<String, List<String>> files = textFiles("/flume/nn");
        List<String> all = files.values().stream().flatMap(List::stream).toList();
        for (String p : List.of("x", "y")) {
            for (int i = 0; i < 300; i++) {
                assertTrue(all.contains(p + i), p + i + " missing from " + files.keySet());
            }
        }
        assertTrue(files.keySet().stream().noneMatch(n -> n.endsWith(".tmp")), files.keySet().toString());
    }

    @Test
    void withProxyUserEveryFileIsWrittenAsThatUser() throws Exception {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/flume/proxy");
        dfs.mkdirs(dir);
        dfs.setPermission(dir, new org.apache.hadoop.fs.permission.FsPermission((short) 0777));
        Map<String, String> raw = SinkFixture.textConfig(uri("/flume/proxy"));
        raw.put("hdfs.proxyUser", "alice");
        raw.put("hdfs.minBlockReplicas", "1");
        SinkFixture f = sink(raw);
        f.put(events("p", 10));
        drainRetrying(f);
        f.close();
        FileStatus[] files = dfs.listStatus(dir);
        assertEquals(1, files.length);
        assertEquals("alice", files[0].getOwner());
        assertFalse(files[0].getPath().getName().endsWith(".tmp"));
    }

    @Test
    void anInUseFileOfADeadWriterIsRecoveredThroughLeaseRecoveryAndFinalizedAtStart() throws Exception {
        FileSystem orphanClient = FileSystem.newInstance(cluster.getURI(), new Configuration(conf));
        org.apache.hadoop.fs.Path left = new org.apache.hadoop.fs.Path("/flume/rec/web/FlumeData.1700000000000.tmp");
        FSDataOutputStream out = orphanClient.create(left);
        out.write("written before the crash\n".getBytes(UTF_8));
        out.hflush();
        assertFalse(((org.apache.hadoop.fs.LeaseRecoverable) dfs).isFileClosed(left));

        SinkFixture f = sink(SinkFixture.textConfig(uri("/flume/rec/%{app}")));
        try {
            org.apache.hadoop.fs.Path done = new org.apache.hadoop.fs.Path("/flume/rec/web/FlumeData.1700000000000");
            assertTrue(dfs.exists(done));
            assertFalse(dfs.exists(left));
            assertTrue(((org.apache.hadoop.fs.LeaseRecoverable) dfs).isFileClosed(done));
            assertEquals(Map.of("FlumeData.1700000000000", List.of("written before the crash")), textFiles("/flume/rec/web"));
        } finally {
            f.close();
            try {
                orphanClient.close();
            } catch (IOException expected) {
                // Its lease was taken over: the dead writer's close fails, as it would have.
            }
        }
    }
}
