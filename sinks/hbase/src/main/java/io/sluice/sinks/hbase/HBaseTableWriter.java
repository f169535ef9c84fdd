package io.sluice.sinks.hbase;

import io.sluice.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Increment;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptor;

/**
 * The only class of the sink that touches the HBase client: one connection and one table, and
 * the write of a batch. Loaded when a sink starts, so an agent without an HBase sink loads no
 * HBase class.
 *
 * <p>A batch is written with {@link Table#batch} (one call per region server, synchronous): all
 * Puts first, then the Increments, as Flume orders them. {@link #write} returns only when every
 * mutation was applied, and throws otherwise; the caller then rolls its transaction back.
 *
 * <p>Thread-safety: {@link #write} is called by one thread at a time; {@link #close} may run on
 * another, and makes a write in progress fail.
 */
final class HBaseTableWriter implements AutoCloseable {
    private final Connection connection;
    private final Table table;
    private final byte[] family;
    private final boolean coalesceIncrements;
    private final Durability durability;

    private HBaseTableWriter(Connection connection, Table table, byte[] family, boolean coalesceIncrements,
                             boolean enableWal) {
        this.connection = connection;
        this.table = table;
        this.family = family;
        this.coalesceIncrements = coalesceIncrements;
        this.durability = enableWal ? Durability.USE_DEFAULT : Durability.SKIP_WAL;
    }

    /**
     * Connects and checks that the table and its column family exist. Throws IOException whose
     * message says which of them is missing.
     */
    static HBaseTableWriter open(Configuration conf, String tableName, byte[] family, String familyName,
                                 boolean coalesceIncrements, boolean enableWal) throws IOException {
        Connection connection = ConnectionFactory.createConnection(conf);
        try {
            TableName name = TableName.valueOf(tableName);
            TableDescriptor descriptor;
            try (Admin admin = connection.getAdmin()) {
                if (!admin.tableExists(name)) {
                    throw new IOException("table '" + tableName + "' does not exist in HBase (create it first)");
                }
                descriptor = admin.getDescriptor(name);
            } catch (TableNotFoundException e) {
                throw new IOException("table '" + tableName + "' does not exist in HBase (create it first)", e);
            }
            if (!descriptor.hasColumnFamily(family)) {
                throw new IOException("table '" + tableName + "' has no column family '" + familyName
                        + "' (it has " + Arrays.stream(descriptor.getColumnFamilies())
                        .map(f -> f.getNameAsString()).toList() + ")");
            }
            return new HBaseTableWriter(connection, connection.getTable(name), family, coalesceIncrements, enableWal);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Serializes the batch and writes it; returns once HBase applied every mutation. */
    void write(List<Event> events, HBaseEventSerializer serializer) throws IOException, InterruptedException {
        Collector collector = new Collector(events.size());
        serializer.onBatchStart();
        for (Event event : events) {
            collector.nextEvent();
            serializer.serialize(event, family, collector);
        }
        if (!collector.puts.isEmpty()) {
            table.batch(collector.puts, new Object[collector.puts.size()]);
        }
        List<Row> increments = collector.increments();
        if (!increments.isEmpty()) {
            table.batch(increments, new Object[increments.size()]);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            table.close();
        } finally {
            connection.close();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (IOException | RuntimeException ignored) {
            // The start failure being reported says more than a failed close of a half-open connection.
        }
    }

    /** Gathers one batch's mutations: one Put per event and row, Increments per call or summed per cell. */
    private final class Collector implements HBaseEventSerializer.Mutations {
        final List<Row> puts;
        private final List<Row> increments = new ArrayList<>();
        private final Map<ByteBuffer, Map<ByteBuffer, long[]>> sums = new LinkedHashMap<>();
        private Put current;

        Collector(int events) {
            puts = new ArrayList<>(events);
        }

        void nextEvent() {
            current = null;
        }

        @Override
        public void put(byte[] row, byte[] qualifier, byte[] value) {
            if (current == null || !Arrays.equals(current.getRow(), row)) {
                current = new Put(row);
                current.setDurability(durability);
                puts.add(current);
            }
            current.addColumn(family, qualifier, value);
        }

        @Override
        public void increment(byte[] row, byte[] qualifier, long amount) {
            if (coalesceIncrements) {
                sums.computeIfAbsent(ByteBuffer.wrap(row), r -> new LinkedHashMap<>())
                        .computeIfAbsent(ByteBuffer.wrap(qualifier), q -> new long[1])[0] += amount;
            } else {
                Increment inc = new Increment(row);
                inc.addColumn(family, qualifier, amount);
                inc.setDurability(durability);
                increments.add(inc);
            }
        }

        List<Row> increments() {
            if (!coalesceIncrements) {
                return increments;
            }
            List<Row> out = new ArrayList<>(sums.size());
            sums.forEach((row, cells) -> {
                Increment inc = new Increment(bytes(row));
                cells.forEach((qualifier, sum) -> inc.addColumn(family, bytes(qualifier), sum[0]));
                inc.setDurability(durability);
                out.add(inc);
            });
            return out;
        }

        private static byte[] bytes(ByteBuffer b) {
            return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        }
    }

}
