package io.sluice.sinks.hbase;

import io.sluice.api.BatchSink;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.api.metrics.SinkCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code hbase} and {@code hbase2} sinks (spec §8.6), both on the HBase 2 client: each
 * {@code process()} takes up to {@code batchSize} events in one channel transaction, turns them
 * into Puts and Increments with the serializer, writes them to the table and commits the take only
 * once HBase applied every mutation. A failed write (HBase's own retries and timeouts exhausted,
 * from hbase-site.xml) rolls the take back, so the events are offered again: at-least-once. As in
 * Flume, a replayed batch can write its Puts again under new row keys (the built-in serializers'
 * keys are random or time-based) and applies its Increments again.
 *
 * <p>At start the sink connects and checks that the table and the column family exist; if either is
 * missing, or HBase cannot be reached, it does not start, with one error saying which.
 *
 * <p>Where Sluice differs from Flume, on purpose: {@code hbase} uses the HBase 2 client like
 * {@code hbase2} (Flume's needs an HBase 1 client); EventDrainSuccessCount counts events, not Puts;
 * {@code hbase} maintains EventWriteFail and ChannelReadFail like {@code hbase2}; serializer errors
 * are found when the configuration is validated; the serializer interface is Sluice's own
 * ({@link HBaseEventSerializer}), Flume's built-in serializers are recognised by their class names.
 *
 * <p>This class names no HBase type: it writes through a {@link TableWriter}, which
 * {@link HBaseClientLoader} makes with HBase's client when the sink starts, so an agent without an
 * HBase sink loads no HBase class (and, in the distribution, opens none of its jars).
 *
 * <p>Counters: ConnectionCreated/ConnectionFailed at start, ConnectionClosed at stop, the batch and
 * drain counters, EventWriteFail per failed batch write, ChannelReadFail per failed take or commit.
 *
 * <p>Thread-safety: {@code process()} is called by one runner thread at a time; {@link #stop()} may
 * run on another thread, and makes a write in progress fail and roll back.
 */
public final class HBaseSink extends BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(HBaseSink.class);

    public static final ConfigKey<String> TABLE = ConfigKey.string("table").required().check(Check.notBlank())
            .doc("HBase table the events are written to; must exist when the sink starts.");

    public static final ConfigKey<String> COLUMN_FAMILY = ConfigKey.string("columnFamily").required()
            .check(Check.notBlank())
            .doc("Column family the cells are written to (UTF-8); must exist in the table when the sink starts.");

    public static final ConfigKey<String> ZOOKEEPER_QUORUM = ConfigKey.string("zookeeperQuorum")
            .defaultDescribedAs("hbase.zookeeper.quorum of hbase-site.xml")
            .check(Check.of(HBaseSinkSettings.QUORUM_RULE, q -> HBaseSinkSettings.quorumPort(q) > 0))
            .doc("ZooKeeper quorum of the HBase cluster, e.g. zk1:2181,zk2:2181.");

    public static final ConfigKey<String> ZNODE_PARENT = ConfigKey.string("znodeParent")
            .defaultDescribedAs("zookeeper.znode.parent of hbase-site.xml (HBase's default /hbase)")
            .check(Check.of("a znode path starting with /", p -> p.startsWith("/")))
            .doc("HBase's root znode in ZooKeeper.");

    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100)
            .check(Check.atLeast(1))
            .doc("Most events taken and written per channel transaction; at most the channel's transactionCapacity.");

    public static final ConfigKey<Boolean> COALESCE_INCREMENTS = ConfigKey.bool("coalesceIncrements").defaultValue(false)
            .doc("Sum the increments of one batch to the same row and column into one Increment.");

    public static final ConfigKey<String> SERIALIZER = ConfigKey.string("serializer")
            .defaultValue(Serializers.FLUME_SIMPLE)
            .doc("Serializer turning events into cells: " + Serializers.RULE + ". Its keys are serializer.*.");

    public static final ConfigKey<String> SERIALIZER_2 = ConfigKey.string("serializer")
            .defaultValue(Serializers.FLUME2_SIMPLE)
            .doc("Serializer turning events into cells: " + Serializers.RULE + ". Its keys are serializer.*.");

    public static final ConfigKey<String> KERBEROS_PRINCIPAL = ConfigKey.string("kerberosPrincipal")
            .doc("Kerberos principal the sink logs in as (_HOST is expanded); needs kerberosKeytab.");

    public static final ConfigKey<String> KERBEROS_KEYTAB = ConfigKey.string("kerberosKeytab")
            .doc("Keytab file of kerberosPrincipal; must be readable.");

    public static final ConfigKey<Boolean> ENABLE_WAL = ConfigKey.bool("enableWal").defaultValue(true)
            .doc("false writes without HBase's write-ahead log: faster, and lost if a region server dies.");

    public static final ConfigKey<Long> OPERATION_TIMEOUT_MILLIS = ConfigKey.longKey("operationTimeoutMillis")
            .defaultDescribedAs("hbase.client.operation.timeout of hbase-site.xml (HBase's default 1200000)")
            .check(Check.atLeast(1L))
            .doc("Sluice: longest a batch write may take, HBase's retries included; a batch not written by then is "
                    + "rolled back and taken again.");

    private static final String SERIALIZER_PREFIX = "serializer.";

    /** {@code hbase}: Flume's HBaseSink. */
    public static final ComponentSpec<SinkContext, Sink> SPEC = spec("hbase", "org.apache.flume.sink.hbase.HBaseSink",
            SERIALIZER);

    /** {@code hbase2}: Flume's HBase2Sink. */
    public static final ComponentSpec<SinkContext, Sink> HBASE2_SPEC = spec("hbase2",
            "org.apache.flume.sink.hbase2.HBase2Sink", SERIALIZER_2);

    private static ComponentSpec<SinkContext, Sink> spec(String alias, String flumeClass, ConfigKey<String> serializer) {
        return ComponentSpec.sink(alias, ctx -> new HBaseSink(alias, ctx, serializer))
                .flumeClass(flumeClass)
                .doc("Writes events to an HBase table through a serializer (HBase 2 client).")
                .keys(TABLE, COLUMN_FAMILY, ZOOKEEPER_QUORUM, ZNODE_PARENT)
                .batchSize(BATCH_SIZE)
                .keys(COALESCE_INCREMENTS, serializer, KERBEROS_PRINCIPAL, KERBEROS_KEYTAB, ENABLE_WAL, OPERATION_TIMEOUT_MILLIS)
                .prefix(SERIALIZER_PREFIX)
                .crossCheck(s -> crossCheck(s, serializer))
                .note(alias + " commits a batch only after HBase applied all its mutations (at-least-once); a replayed "
                        + "batch writes its Puts again under new row keys with the built-in serializers and applies "
                        + "its Increments again.")
                .build();
    }

    private final HBaseSinkSettings settings;
    private final HBaseEventSerializer serializer;

    private volatile TableWriter writer;
    private volatile boolean stopped;

    HBaseSink(String type, SinkContext ctx, ConfigKey<String> serializerKey) {
        super(type, ctx, ctx.settings().get(BATCH_SIZE));
        Settings s = ctx.settings();
        String quorum = s.get(ZOOKEEPER_QUORUM);
        String principal = s.get(KERBEROS_PRINCIPAL);
        this.settings = new HBaseSinkSettings(
                s.require(TABLE).trim(),
                s.require(COLUMN_FAMILY).trim(),
                s.get(COALESCE_INCREMENTS),
                s.get(ENABLE_WAL),
                quorum == null ? null : HBaseSinkSettings.quorumHosts(quorum),
                quorum == null ? 0 : HBaseSinkSettings.quorumPort(quorum),
                s.get(ZNODE_PARENT),
                principal == null || principal.isBlank() ? null : HBaseSinkSettings.expandHost(principal.trim()),
                s.get(KERBEROS_KEYTAB),
                s.get(OPERATION_TIMEOUT_MILLIS));
        this.serializer = Serializers.create(s.get(serializerKey), s.subset(SERIALIZER_PREFIX));
    }

    private static List<SettingsProblem> crossCheck(Settings s, ConfigKey<String> serializerKey) {
        List<SettingsProblem> problems = new ArrayList<>();
        String principal = s.get(KERBEROS_PRINCIPAL);
        String keytab = s.get(KERBEROS_KEYTAB);
        if (principal != null && !principal.isBlank()) {
            if (keytab == null || keytab.isBlank()) {
                problems.add(new SettingsProblem(KERBEROS_KEYTAB.name(), "kerberosPrincipal = " + principal
                        + " needs kerberosKeytab, the keytab file to log in with"));
            } else if (!Files.isReadable(Path.of(keytab.trim()))) {
                problems.add(new SettingsProblem(KERBEROS_KEYTAB.name(), "kerberosKeytab = " + keytab
                        + ": must be a readable file"));
            }
        }
        try {
            Serializers.create(s.get(serializerKey), s.subset(SERIALIZER_PREFIX));
        } catch (IllegalArgumentException e) {
            problems.add(new SettingsProblem(serializerKey.name(), e.getMessage()));
        }
        return problems;
    }

    /**
     * Checks nothing remote: the connection is made before the first batch, on the sink's runner
     * thread ({@link #beforeTake}). HBase's client waits for ZooKeeper for minutes when it is down;
     * doing that here held up the whole agent's start, and a SIGTERM with it.
     */
    @Override
    public void start() {
        stopped = false;
        if (serializer instanceof SimpleHBaseEventSerializer simple && simple.warning() != null) {
            LOG.warn("HBase sink {}: {}", name, simple.warning());
        }
        if (!settings.enableWal()) {
            LOG.warn("HBase sink {} writes to table {} without HBase's write-ahead log (enableWal = false): "
                    + "what a region server held in memory is lost if it dies", name, settings.table());
        }
        LOG.info("HBase sink {} writing to table {}, column family {}", name, settings.table(), settings.columnFamily());
    }

    /** Connects (and checks the table and family) when there is no connection yet; nothing is taken until then. */
    @Override
    protected void beforeTake() throws EventDeliveryException {
        if (writer != null) {
            return;
        }
        TableWriter opened;
        try {
            opened = HBaseClientLoader.open(settings);
        } catch (IOException | RuntimeException e) {
            counter.incrementConnectionFailed();
            throw new EventDeliveryException(label() + " cannot connect to HBase: " + e.getMessage(), e);
        }
        counter.incrementConnectionCreated();
        if (stopped) {
            closeQuietly(opened); // stop() gave up waiting for this thread while it was connecting
            throw new EventDeliveryException(label() + " was stopped while connecting");
        }
        writer = opened;
        LOG.info("HBase sink {} connected; table {} is there", name, settings.table());
    }

    @Override
    public void stop() {
        stopped = true;
        TableWriter w = writer;
        writer = null;
        if (w != null) {
            closeQuietly(w);
        }
        LOG.info("HBase sink {} stopped", name);
    }

    private void closeQuietly(TableWriter w) {
        try {
            w.close();
            counter.incrementConnectionClosed();
        } catch (IOException | RuntimeException e) {
            counter.incrementConnectionFailed();
            LOG.warn("HBase sink {} could not close its connection cleanly: {}", name, e.toString());
        }
    }

    @Override
    protected void deliver(List<Event> events) throws EventDeliveryException {
        TableWriter w = writer;
        if (w == null) {
            throw new EventDeliveryException(label() + " is not running; the batch stays in the channel");
        }
        int n = events.size();
        try {
            w.write(events, serializer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counter.incrementEventWriteFail();
            throw new EventDeliveryException(label() + " was interrupted writing " + n
                    + " events; they stay in the channel", e);
        } catch (IOException | RuntimeException e) {
            counter.incrementEventWriteFail();
            throw new EventDeliveryException(label() + " could not write " + n + " events to table "
                    + settings.table() + "; they stay in the channel: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "HBaseSink{" + name + "}";
    }
}
