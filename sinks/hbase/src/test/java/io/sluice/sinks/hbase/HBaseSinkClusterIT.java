package io.sluice.sinks.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.channels.memory.MemoryChannel;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The hbase and hbase2 sinks against a real HBase: the mini cluster (ZooKeeper, HDFS, master and
 * one region server in this JVM), started once for the class. Every test writes through the sink
 * and reads back with the HBase client.
 */
class HBaseSinkClusterIT {
    private static final byte[] CF = Bytes.toBytes("cf");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static HBaseTestingUtility hbase;

    @BeforeAll
    static void startCluster() throws Exception {
        hbase = new HBaseTestingUtility();
        hbase.getConfiguration().setInt("hbase.client.retries.number", 100);
        hbase.startMiniCluster();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (hbase != null) {
            hbase.shutdownMiniCluster();
        }
    }

    @Test
    void simpleSerializerWritesEachBodyUnderPrefixedUuidRowAndCountsEveryEventInIncRow() throws Exception {
        String table = newTable();
        try (Fixture f = new Fixture(HBaseSink.HBASE2_SPEC, config(table, "serializer.rowPrefix", "ev-"))) {
            f.put(TestEvents.numbered("e", 250));
            f.drain();
            Map<String, Map<String, byte[]>> rows = scan(table);
            List<String> bodies = new ArrayList<>();
            rows.forEach((row, cells) -> {
                if (!row.equals("incRow")) {
                    assertTrue(row.matches("ev-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), row);
                    assertEquals(List.of("pCol"), List.copyOf(cells.keySet()), row);
                    bodies.add(Bytes.toString(cells.get("pCol")));
                }
            });
            bodies.sort(null);
            List<String> expected = new ArrayList<>(TestEvents.numberedBodies("e", 250));
            expected.sort(null);
            assertEquals(expected, bodies);
            assertEquals(250L, Bytes.toLong(rows.get("incRow").get("iCol")));
            assertEquals(250L, f.count("EventDrainSuccessCount"));
            assertEquals(250L, f.count("EventDrainAttemptCount"));
            assertEquals(2L, f.count("BatchCompleteCount"));
            assertEquals(1L, f.count("BatchUnderflowCount"));
            assertEquals(1L, f.count("ConnectionCreatedCount"));
        }
    }

    @Test
    void flumeHbaseSinkClassWithFlumeSerializerNameAndRandomSuffixWritesSignedLongRowKeys() throws Exception {
        String table = newTable();
        Map<String, String> raw = config(table, "serializer", "org.apache.flume.sink.hbase.SimpleHbaseEventSerializer");
        raw.put("serializer.suffix", "random");
        raw.put("serializer.payloadColumn", "body");
        raw.put("serializer.incrementColumn", "");
        try (Fixture f = new Fixture(HBaseSink.SPEC, raw)) {
            f.put(TestEvents.numbered("r", 20));
            f.drain();
            Map<String, Map<String, byte[]>> rows = scan(table);
            assertEquals(20, rows.size(), "no increment row, one row per event");
            rows.forEach((row, cells) -> {
                assertTrue(row.matches("default-?[0-9]+"), row);
                assertEquals(List.of("body"), List.copyOf(cells.keySet()));
            });
        }
    }

    @Test
    void regexSerializerWritesGroupsAsColumnsUnderTheRowKeyGroupWithHeadersAndDropsNonMatchingBodies()
            throws Exception {
        String table = newTable();
        Map<String, String> raw = config(table, "serializer", "org.apache.flume.sink.hbase2.RegexHBase2EventSerializer");
        raw.put("serializer.regex", "(\\w+) (\\d+) ?(x)?");
        raw.put("serializer.colNames", "ROW_KEY,num,opt");
        raw.put("serializer.rowKeyIndex", "0");
        raw.put("serializer.depositHeaders", "true");
        try (Fixture f = new Fixture(HBaseSink.HBASE2_SPEC, raw)) {
            f.put(List.of(Event.of(Map.of("h", "v"), bytes("alpha 1 x")), Event.ofString("beta 2"),
                    Event.ofString("no match here!")));
            f.drain();
            Map<String, Map<String, byte[]>> rows = scan(table);
            assertEquals(List.of("alpha", "beta"), List.copyOf(rows.keySet()));
            assertEquals("1", Bytes.toString(rows.get("alpha").get("num")));
            assertEquals("x", Bytes.toString(rows.get("alpha").get("opt")));
            assertEquals("v", Bytes.toString(rows.get("alpha").get("h")));
            assertEquals("", Bytes.toString(rows.get("beta").get("opt")), "a group outside the match is empty");
            assertNull(rows.get("alpha").get("ROW_KEY"));
            assertEquals(3L, f.count("EventDrainSuccessCount"), "the dropped event is committed too");
        }
    }

    @Test
    void regexSerializerWithoutRowKeyIndexUsesMillisRandomNonceKeys() throws Exception {
        String table = newTable();
        Map<String, String> raw = config(table, "serializer", "regex");
        try (Fixture f = new Fixture(HBaseSink.SPEC, raw)) {
            f.put(TestEvents.numbered("p", 5));
            f.drain();
            Map<String, Map<String, byte[]>> rows = scan(table);
            assertEquals(5, rows.size());
            rows.forEach((row, cells) -> {
                assertTrue(row.matches("[0-9]{13}-[A-Za-z0-9]{10}-[0-9]+"), row);
                assertTrue(Bytes.toString(cells.get("payload")).startsWith("p"));
            });
        }
    }

    @Test
    void coalescedIncrementsSumPerRowAndPlainIncrementsGiveTheSameTotals() throws Exception {
        for (String coalesce : List.of("true", "false")) {
            String table = newTable();
            Map<String, String> raw = config(table, "serializer.payloadColumn", "");
            raw.put("coalesceIncrements", coalesce);
            raw.put("batchSize", "100");
            try (Fixture f = new Fixture(HBaseSink.HBASE2_SPEC, raw)) {
                f.put(TestEvents.numbered("i", 230));
                f.drain();
                Map<String, Map<String, byte[]>> rows = scan(table);
                assertEquals(List.of("incRow"), List.copyOf(rows.keySet()), "payloadColumn empty: no Puts");
                assertEquals(230L, Bytes.toLong(rows.get("incRow").get("iCol")), "coalesceIncrements=" + coalesce);
            }
        }
    }

    @Test
    void missingTableOrColumnFamilyFailsTheFirstBatchWithOneClearErrorAndTakesNothing() throws Exception {
        String table = newTable();
        for (Map<String, String> raw : List.of(config("no_such_table"), config(table))) {
            if (raw.get("table").equals(table)) {
                raw.put("columnFamily", "nope");
            }
            MemoryChannel channel = channel();
            SinkCounter counter = counter();
            Sink sink = HBaseSink.HBASE2_SPEC.create(new SinkContext("k1", Specs.settings(HBaseSink.HBASE2_SPEC, raw),
                    channel, counter, 1000));
            sink.start(); // connects before its first batch, not here: a down ZooKeeper must not hold up the agent
            Transaction tx = channel.begin();
            tx.put(List.of(Event.ofString("kept")));
            tx.commit();
            tx.close();
            EventDeliveryException e = assertThrows(EventDeliveryException.class, sink::process);
            String expected = raw.get("table").equals(table) ? "has no column family 'nope'" : "table 'no_such_table' does not exist";
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertEquals(1L, counter.snapshot().get("ConnectionFailedCount"));
            assertEquals(1, channel.size(), "nothing is taken while the sink cannot connect");
            sink.stop();
        }
    }

    @Test
    void writeTimingOutRollsBackSoEveryEventIsWrittenOnceTheTableIsBack() throws Exception {
        String table = newTable();
        Map<String, String> raw = config(table, "operationTimeoutMillis", "3000");
        try (Fixture f = new Fixture(HBaseSink.HBASE2_SPEC, raw)) {
            hbase.getAdmin().disableTable(TableName.valueOf(table));
            f.put(TestEvents.numbered("d", 10));
            assertThrows(EventDeliveryException.class, f.sink::process);
            assertEquals(1L, f.count("EventWriteFail"));
            assertEquals(10, f.channel.size(), "the failed batch is back in the channel");
            hbase.getAdmin().enableTable(TableName.valueOf(table));
            f.drain();
            assertEquals(10, scan(table).size() - 1);
        }
    }

    @Test
    void regionServerStoppedMidBatchAndRestartedLosesNoAcknowledgedEvent() throws Exception {
        String table = newTable();
        try (Fixture f = new Fixture(HBaseSink.HBASE2_SPEC, config(table, "batchSize", "500"))) {
            int total = 30_000;
            f.put(TestEvents.numbered("rs", total));
            CompletableFuture<Void> sinking = CompletableFuture.runAsync(() -> {
                try {
                    while (f.channel.size() > 0) {
                        try {
                            f.sink.process();
                        } catch (EventDeliveryException e) {
                            Thread.sleep(200);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            while (f.count("EventDrainSuccessCount") == 0) {
                Thread.sleep(5);
            }
            long remainingAtStop = f.channel.size();
            var rs = hbase.getMiniHBaseCluster().getRegionServer(0).getServerName();
            hbase.getMiniHBaseCluster().stopRegionServer(rs);
            hbase.getMiniHBaseCluster().waitForRegionServerToStop(rs, 60_000);
            hbase.getMiniHBaseCluster().startRegionServer();
            sinking.get(150, TimeUnit.SECONDS);
            Map<String, Integer> seen = new HashMap<>();
            scan(table).forEach((row, cells) -> {
                if (!row.equals("incRow")) {
                    seen.merge(Bytes.toString(cells.get("pCol")), 1, Integer::sum);
                }
            });
            for (String body : TestEvents.numberedBodies("rs", total)) {
                assertTrue(seen.containsKey(body), "acknowledged event " + body + " missing");
            }
            long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
            assertTrue(remainingAtStop > 0, "the region server stopped after the sink was done");
            System.out.println("region server restart: " + remainingAtStop + " of " + total
                    + " events still in the channel at the stop, " + duplicates + " written twice, "
                    + f.count("EventWriteFail") + " failed batches");
            assertEquals(total, f.count("EventDrainSuccessCount"));
        }
    }

    @Test
    void agentKilledWithSignalNineUnderLoadOnFileChannelLosesNoAcknowledgedEvent(@TempDir Path dir) throws Exception {
        String table = newTable();
        int port = FreePort.tcp();
        Path conf = dir.resolve("agent.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.ack-every-event = true
                a1.sources.r1.channels = c1
                a1.channels.c1.type = file
                a1.channels.c1.checkpointDir = %s
                a1.channels.c1.dataDirs = %s
                a1.channels.c1.minimumRequiredSpace = 1048576
                a1.sinks.k1.type = hbase2
                a1.sinks.k1.channel = c1
                a1.sinks.k1.table = %s
                a1.sinks.k1.columnFamily = cf
                a1.sinks.k1.zookeeperQuorum = localhost:%d
                a1.sinks.k1.batchSize = 100
                """.formatted(port, dir.resolve("checkpoint"), dir.resolve("data"), table,
                hbase.getZkCluster().getClientPort()));
        AckingClient client = new AckingClient(port);
        Random random = new Random(10);
        try {
            client.start();
            for (int kill = 0; kill < 3; kill++) {
                Process agent = startAgent(conf, dir.resolve("agent-" + kill + ".log"));
                Thread.sleep(1500 + random.nextInt(2000));
                agent.destroyForcibly();
                assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
            }
            client.stop();
            Process last = startAgent(conf, dir.resolve("agent-last.log"));
            try {
                BitSet acked = client.acknowledged();
                assertTrue(acked.cardinality() > 200, "too little load to mean anything: " + acked.cardinality());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                BitSet missing;
                Map<Integer, Integer> copies;
                do {
                    Thread.sleep(500);
                    copies = new HashMap<>();
                    for (Map.Entry<String, Map<String, byte[]>> row : scan(table).entrySet()) {
                        if (!row.getKey().equals("incRow")) {
                            String body = Bytes.toString(row.getValue().get("pCol"));
                            copies.merge(Integer.parseInt(body.substring(5)), 1, Integer::sum);
                        }
                    }
                    missing = (BitSet) acked.clone();
                    copies.keySet().forEach(missing::clear);
                } while (!missing.isEmpty() && System.nanoTime() < deadline);
                assertEquals(-1, missing.nextSetBit(0), "an acknowledged event missing from HBase; "
                        + missing.cardinality() + " in all");
                long duplicates = copies.values().stream().mapToLong(n -> n - 1).sum();
                System.out.println("kill -9 x3: " + acked.cardinality() + " events acknowledged, " + copies.size()
                        + " distinct in HBase, " + duplicates + " written more than once");
            } finally {
                last.destroy();
                last.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            client.stop();
        }
    }

    private static Process startAgent(Path conf, Path log) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, CrashTestAgent.class.getName(), conf.toString(), "a1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("STARTED")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("agent did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return p;
    }

    /** Sends numbered lines to a netcat source in pipelined chunks and records every one acknowledged with OK. */
    private static final class AckingClient {
        private final int port;
        private final BitSet acked = new BitSet();
        private volatile boolean sending;
        private long next;
        private Thread thread;

        AckingClient(int port) {
            this.port = port;
        }

        void start() {
            sending = true;
            thread = new Thread(this::send, "acking-client");
            thread.start();
        }

        void stop() throws InterruptedException {
            sending = false;
            if (thread != null) {
                thread.join(30_000);
            }
        }

        synchronized BitSet acknowledged() {
            return (BitSet) acked.clone();
        }

        private void send() {
            while (sending) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    while (sending) {
                        long first = next;
                        StringBuilder chunk = new StringBuilder();
                        for (int i = 0; i < 20; i++) {
                            chunk.append("line-").append(first + i).append('\n');
                        }
                        next = first + 20;
                        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        for (int i = 0; i < 20; i++) {
                            String reply = in.readLine();
                            if (reply == null) {
                                throw new IOException("connection closed");
                            }
                            if (reply.equals("OK")) {
                                synchronized (this) {
                                    acked.set((int) (first + i));
                                }
                            }
                        }
                    }
                } catch (IOException agentGone) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private static Map<String, String> config(String table, String... more) {
        Map<String, String> raw = new HashMap<>();
        raw.put("table", table);
        raw.put("columnFamily", "cf");
        raw.put("zookeeperQuorum", "localhost:" + hbase.getZkCluster().getClientPort());
        for (int i = 0; i < more.length; i += 2) {
            raw.put(more[i], more[i + 1]);
        }
        return raw;
    }

    private static String newTable() throws IOException {
        String name = "t" + TABLES.incrementAndGet();
        hbase.createTable(TableName.valueOf(name), CF).close();
        return name;
    }

    private static Map<String, Map<String, byte[]>> scan(String table) throws IOException {
        Map<String, Map<String, byte[]>> rows = new java.util.TreeMap<>();
        try (Table t = hbase.getConnection().getTable(TableName.valueOf(table));
             ResultScanner scanner = t.getScanner(new Scan())) {
            for (Result r : scanner) {
                Map<String, byte[]> cells = new java.util.TreeMap<>();
                r.getFamilyMap(CF).forEach((q, v) -> cells.put(Bytes.toString(q), v));
                rows.put(Bytes.toString(r.getRow()), cells);
            }
        }
        return rows;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MemoryChannel channel() {
        Map<String, String> raw = Map.of("capacity", "100000", "transactionCapacity", "1000", "keep-alive", "0");
        MemoryChannel c = new MemoryChannel(new io.sluice.api.ChannelContext("c1", Specs.settings(MemoryChannel.SPEC, raw),
                new io.sluice.api.metrics.ChannelCounter("c1")));
        c.start();
        return c;
    }

    private static SinkCounter counter() {
        SinkCounter counter = new SinkCounter("k1");
        counter.start();
        return counter;
    }

    /** A started sink on a memory channel. */
    private static final class Fixture implements AutoCloseable {
        final MemoryChannel channel = channel();
        final SinkCounter counter = counter();
        final Sink sink;

        Fixture(ComponentSpec<SinkContext, Sink> spec, Map<String, String> raw) throws Exception {
            sink = spec.create(new SinkContext("k1", Specs.settings(spec, raw), channel, counter, 1000));
            sink.start();
        }

        void put(List<Event> events) {
            new ChannelHarness(channel).put(events, 1000);
        }

        void drain() throws EventDeliveryException {
            while (sink.process() == Status.READY) {
                // until the take comes back empty
            }
        }

        long count(String attribute) {
            return (Long) counter.snapshot().get(attribute);
        }

        @Override
        public void close() {
            sink.stop();
            channel.stop();
        }
    }
}
