package io.sluice.sinks.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Status;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.channels.memory.MemoryChannel;
import io.sluice.testkit.ChannelHarness;
import io.sluice.testkit.Specs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flume.Context;
import org.apache.flume.Transaction;
import org.apache.flume.conf.Configurables;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.sink.hbase2.HBase2Sink;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.TableName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The HBase benchmark of docs/performance.md, run only with {@code -Dsluice.benchmark=true}:
 * memory channel → hbase2 sink into the mini cluster, Sluice's and Apache Flume 1.11's, at batch
 * sizes 100 and 1000, one sink thread each. Prints events/s; asserts only that every event arrived.
 */
class HBaseSinkBenchmarkIT {
    private static final int EVENTS = Integer.getInteger("sluice.benchmark.events", 200_000);
    private static final byte[] BODY = new byte[100];

    @Test
    void memoryToHBaseEventsPerSecondForSluiceAndFlume() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sluice.benchmark"), "run with -Dsluice.benchmark=true");
        Arrays.fill(BODY, (byte) 'x');
        HBaseTestingUtility hbase = new HBaseTestingUtility();
        hbase.startMiniCluster();
        try {
            String quorum = "localhost:" + hbase.getZkCluster().getClientPort();
            List<String> lines = new ArrayList<>();
            int table = 0;
            for (int round = 0; round < 2; round++) {
                for (int batch : new int[] {100, 1000}) {
                    String t1 = "s" + table++;
                    hbase.createTable(TableName.valueOf(t1), "cf").close();
                    lines.add("round " + round + " sluice hbase2 batchSize=" + batch + ": " + sluice(quorum, t1, batch)
                            + " events/s");
                    String t2 = "f" + table++;
                    hbase.createTable(TableName.valueOf(t2), "cf").close();
                    lines.add("round " + round + " flume  hbase2 batchSize=" + batch + ": " + flume(quorum, t2, batch)
                            + " events/s");
                    assertEquals(EVENTS, hbase.countRows(hbase.getConnection().getTable(TableName.valueOf(t1))) - 1);
                    assertEquals(EVENTS, hbase.countRows(hbase.getConnection().getTable(TableName.valueOf(t2))) - 1);
                }
            }
            lines.forEach(l -> System.out.println("BENCHMARK " + l));
        } finally {
            hbase.shutdownMiniCluster();
        }
    }

    private static long sluice(String quorum, String table, int batch) throws Exception {
        Map<String, String> c = Map.of("capacity", String.valueOf(EVENTS), "transactionCapacity", "1000",
                "keep-alive", "0");
        MemoryChannel channel = new MemoryChannel(new io.sluice.api.ChannelContext("c1",
                Specs.settings(MemoryChannel.SPEC, c), new io.sluice.api.metrics.ChannelCounter("c1")));
        channel.start();
        List<Event> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(Event.of(BODY.clone()));
        }
        new ChannelHarness(channel).put(events, 1000);
        Map<String, String> raw = new HashMap<>(Map.of("table", table, "columnFamily", "cf", "zookeeperQuorum", quorum,
                "batchSize", String.valueOf(batch)));
        SinkCounter counter = new SinkCounter("k1");
        counter.start();
        Sink sink = HBaseSink.HBASE2_SPEC.create(new SinkContext("k1", Specs.settings(HBaseSink.HBASE2_SPEC, raw),
                channel, counter, 1000));
        sink.start();
        long t0 = System.nanoTime();
        while (sink.process() == Status.READY) {
            // drain
        }
        long nanos = System.nanoTime() - t0;
        sink.stop();
        channel.stop();
        return EVENTS * 1_000_000_000L / nanos;
    }

    private static long flume(String quorum, String table, int batch) throws Exception {
        org.apache.flume.channel.MemoryChannel channel = new org.apache.flume.channel.MemoryChannel();
        Context cc = new Context();
        cc.put("capacity", String.valueOf(EVENTS));
        cc.put("transactionCapacity", "1000");
        cc.put("keep-alive", "0");
        Configurables.configure(channel, cc);
        channel.start();
        for (int i = 0; i < EVENTS; i += 1000) {
            Transaction tx = channel.getTransaction();
            tx.begin();
            for (int j = i; j < Math.min(EVENTS, i + 1000); j++) {
                channel.put(EventBuilder.withBody(BODY.clone()));
            }
            tx.commit();
            tx.close();
        }
        HBase2Sink sink = new HBase2Sink();
        Context sc = new Context();
        sc.put("table", table);
        sc.put("columnFamily", "cf");
        sc.put("zookeeperQuorum", quorum);
        sc.put("batchSize", String.valueOf(batch));
        Configurables.configure(sink, sc);
        sink.setChannel(channel);
        sink.start();
        long t0 = System.nanoTime();
        while (sink.process() == org.apache.flume.Sink.Status.READY) {
            // drain
        }
        long nanos = System.nanoTime() - t0;
        sink.stop();
        channel.stop();
        return EVENTS * 1_000_000_000L / nanos;
    }

}
