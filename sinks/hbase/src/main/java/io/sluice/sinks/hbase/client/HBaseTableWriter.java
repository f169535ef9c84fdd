package io.sluice.sinks.hbase.client;

import io.sluice.api.Event;
import io.sluice.api.util.IsolatedLibrary;
import io.sluice.sinks.hbase.HBaseEventSerializer;
import io.sluice.sinks.hbase.HBaseSinkSettings;
import io.sluice.sinks.hbase.TableWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A sink's connection and table, and the write of a batch: with {@link ClientConfiguration}, the only
 * code of the sink that touches the HBase client. Loaded through the HBase class loader when a sink
 * starts, so an agent without an HBase sink loads no HBase class; every call into the client runs
 * with that loader as the thread's context class loader (HBase's configuration finds
 * {@code hbase-default.xml} and its classes through it).
 *
 * <p>A batch is written with {@link Table#batch} (one call per region server, synchronous): all
 * Puts first, then the Increments, as Flume orders them. {@link #write} returns only when every
 * mutation was applied, and throws otherwise; the caller then rolls its transaction back.
 *
 * <p>Thread-safety: {@link #write} is called by one thread at a time; {@link #close} may run on
 * another, and makes a write in progress fail.
 */
public final class HBaseTableWriter implements TableWriter {
    private final Connection connection;
    private final Table table;
    private final byte[] family;
    private final boolean coalesceIncrements;
    private final Durability durability;

    /**
     * Connects and checks that the table and its column family exist. Throws IOException whose
     * message says which of them is missing.
     */
    public HBaseTableWriter(HBaseSinkSettings settings) throws IOException {
        this.family = settings.columnFamily().getBytes(StandardCharsets.UTF_8);
        this.coalesceIncrements = settings.coalesceIncrements();
        this.durability = settings.enableWal() ? Durability.USE_DEFAULT : Durability.SKIP_WAL;
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HBaseTableWriter.class)) {
            this.connection = ConnectionFactory.createConnection(ClientConfiguration.of(settings));
            try {
                this.table = checkedTable(connection, settings.table(), settings.columnFamily(), family);
            } catch (IOException | RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
        }
    }

    private static Table checkedTable(Connection connection, String tableName, String familyName, byte[] family)
            throws IOException {
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
        return connection.getTable(name);
    }

    @Override
    public void write(List<Event> events, HBaseEventSerializer serializer) throws IOException, InterruptedException {
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HBaseTableWriter.class)) {
            writeBatch(events, serializer);
        }
    }

    private void writeBatch(List<Event> events, HBaseEventSerializer serializer) throws IOException, InterruptedException {
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
        try (IsolatedLibrary.Context ignored = IsolatedLibrary.enterContextOf(HBaseTableWriter.class)) {
            try {
                table.close();
            } finally {
                connection.close();
            }
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
