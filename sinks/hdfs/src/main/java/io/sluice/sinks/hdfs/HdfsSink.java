package io.sluice.sinks.hdfs;

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
import io.sluice.api.config.ValueType;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.serializers.SerializerFormat;
import java.io.File;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hdfs} sink (spec §8.5): writes events into files of any Hadoop file system
 * ({@code hdfs://}, {@code file://}, ...) through Hadoop's own client, in buckets named by
 * {@code hdfs.path} and {@code hdfs.filePrefix} with Flume's escape sequences.
 *
 * <p>Each {@code process()} takes up to {@code hdfs.batchSize} events, resolves every event's bucket,
 * appends each bucket's share to that bucket's open file, flushes (hflush) every file it touched,
 * and only then commits the take. A failure anywhere rolls the take back: the events stay in the
 * channel and are written again (files written before the failure keep their copy, so an event can
 * appear twice; never zero times). Files are written under an in-use name and renamed to their final
 * name when they roll (count, size, interval, idle timeout, LRU eviction), when the sink stops, and,
 * for files a crash left behind, when the sink starts again (after HDFS lease recovery).
 *
 * <p>Hadoop is behind {@link BucketFiles}: this class, its spec and its validation reference no
 * Hadoop type, so an agent without an hdfs sink loads no Hadoop class and validation stays fast.
 *
 * <p>Where Sluice differs from Flume, on purpose:
 * <ul>
 *   <li>An event without a usable {@code timestamp} header (missing or not a number) is placed with
 *       the agent's clock, counted and logged (rate-limited); Flume fails the batch forever.</li>
 *   <li>A header value used in the path or prefix that could leave the configured directory
 *       ({@code /}, {@code \}, {@code .} or {@code ..}) is not used: the event goes to the
 *       {@code _rejected} directory under the path's fixed part, counted and logged.</li>
 *   <li>Roll interval, idle timeout and close/rename retries are checked by the sink's own thread on
 *       every {@code process()} (an idle take returns within the channel's keep-alive), not by timer
 *       threads, so a file is never closed under a concurrent append. {@code hdfs.rollTimerPoolSize}
 *       is accepted and has no effect.</li>
 *   <li>The buckets of one batch are written in parallel on the {@code hdfs.threadsPoolSize} pool,
 *       each under {@code hdfs.callTimeout}.</li>
 *   <li>Bad {@code hdfs.fileType}, {@code hdfs.writeFormat}, {@code hdfs.codeC}, {@code hdfs.roundUnit},
 *       {@code hdfs.timeZone}, {@code %[...]} escapes and serializers are refused at validation.</li>
 * </ul>
 *
 * <p>Thread-safety: {@code process()} is called by one runner thread at a time; the files are
 * guarded by this object's monitor, so {@link #stop()} may run on another thread.
 */
public final class HdfsSink extends BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsSink.class);

    /** The directory, under the fixed part of hdfs.path, that takes events whose header values were refused. */
    public static final String REJECTED_DIRECTORY = "_rejected";

    public static final ConfigKey<String> PATH = ConfigKey.string("hdfs.path").required()
            .check(template())
            .doc("Directory URI or path, with escape sequences (%{header}, %Y, %m, %d, %H, ... %[localhost]); "
                    + "file:///... needs no cluster, a path without scheme uses the fs.defaultFS of core-site.xml.");
    public static final ConfigKey<String> FILE_PREFIX = ConfigKey.string("hdfs.filePrefix").defaultValue("FlumeData")
            .check(template())
            .doc("File name prefix; escape sequences allowed.");
    public static final ConfigKey<String> FILE_SUFFIX = ConfigKey.string("hdfs.fileSuffix").defaultValue("")
            .check(noSlash())
            .doc("Appended to final file names (no dot is added); when set, the codec's extension is not added.");
    public static final ConfigKey<String> IN_USE_PREFIX = ConfigKey.string("hdfs.inUsePrefix").defaultValue("")
            .check(noSlash())
            .doc("Put before the name of a file while it is written.");
    public static final ConfigKey<String> IN_USE_SUFFIX = ConfigKey.string("hdfs.inUseSuffix").defaultValue(".tmp")
            .check(noSlash())
            .doc("Appended to the name of a file while it is written; removed by the rename when it is closed.");
    public static final ConfigKey<Boolean> EMPTY_IN_USE_SUFFIX = ConfigKey.bool("hdfs.emptyInUseSuffix")
            .defaultValue(false)
            .doc("true: files being written have no in-use suffix (hdfs.inUseSuffix is ignored).");
    public static final ConfigKey<Long> ROLL_INTERVAL = ConfigKey.longKey("hdfs.rollInterval").defaultValue(30L)
            .doc("Seconds after a file was opened before it is rolled; 0 = never by time.");
    public static final ConfigKey<Long> ROLL_SIZE = ConfigKey.longKey("hdfs.rollSize").defaultValue(1024L)
            .doc("Roll once the event bodies written to a file reach this many bytes; 0 = never by size.");
    public static final ConfigKey<Long> ROLL_COUNT = ConfigKey.longKey("hdfs.rollCount").defaultValue(10L)
            .doc("Roll once a file holds this many events; 0 = never by count.");
    public static final ConfigKey<Long> IDLE_TIMEOUT = ConfigKey.longKey("hdfs.idleTimeout").defaultValue(0L)
            .doc("Seconds without new data after which a file is closed; 0 = never.");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("hdfs.batchSize").defaultValue(100)
            .check(Check.atLeast(1))
            .doc("Most events taken per channel transaction (and flushed at once); at most the channel's "
                    + "transactionCapacity.");
    public static final ConfigKey<String> CODEC = ConfigKey.string("hdfs.codeC").defaultValue("None")
            .check(Check.of(CodecNames.VALID, v -> CodecNames.shortName(v) != null))
            .doc("Compression codec for CompressedStream and SequenceFile.");
    public static final ConfigKey<String> FILE_TYPE = ConfigKey.of("hdfs.fileType",
                    ValueType.oneOf("SequenceFile", "DataStream", "CompressedStream"))
            .defaultValue("SEQUENCEFILE")
            .doc("SequenceFile (Hadoop SequenceFile of timestamp and body), DataStream (the serializer's output) "
                    + "or CompressedStream (the serializer's output through hdfs.codeC).");
    public static final ConfigKey<Integer> MAX_OPEN_FILES = ConfigKey.integer("hdfs.maxOpenFiles").defaultValue(5000)
            .check(Check.atLeast(1))
            .doc("Most files open at once; opening one more closes the least recently used.");
    public static final ConfigKey<Integer> MIN_BLOCK_REPLICAS = ConfigKey.integer("hdfs.minBlockReplicas")
            .defaultDescribedAs("dfs.replication of the Hadoop configuration").check(Check.atLeast(0))
            .doc("Roll a file early when its current block has fewer live replicas than this.");
    public static final ConfigKey<String> WRITE_FORMAT = ConfigKey.of("hdfs.writeFormat",
                    ValueType.oneOf("Writable", "Text"))
            .defaultValue("WRITABLE")
            .doc("SequenceFile values: Writable (BytesWritable) or Text. Other classes are not supported by Sluice.");
    public static final ConfigKey<Integer> THREADS_POOL_SIZE = ConfigKey.integer("hdfs.threadsPoolSize")
            .defaultValue(10).check(Check.atLeast(1))
            .doc("Threads per sink running HDFS calls (open, append, flush, close, rename); the buckets of one "
                    + "batch are written in parallel on them.");
    public static final ConfigKey<Integer> ROLL_TIMER_POOL_SIZE = ConfigKey.integer("hdfs.rollTimerPoolSize")
            .defaultValue(1).check(Check.atLeast(1))
            .doc("Accepted for compatibility; Sluice checks roll and idle deadlines in the sink's own thread.");
    public static final ConfigKey<String> KERBEROS_PRINCIPAL = ConfigKey.string("hdfs.kerberosPrincipal")
            .check(Check.notBlank())
            .doc("Kerberos principal to log in as (_HOST is replaced by this host's name); needs hdfs.kerberosKeytab.");
    public static final ConfigKey<String> KERBEROS_KEYTAB = ConfigKey.string("hdfs.kerberosKeytab")
            .check(Check.of("a readable file", v -> new File(v).isFile() && new File(v).canRead()))
            .doc("Keytab of hdfs.kerberosPrincipal.");
    public static final ConfigKey<String> PROXY_USER = ConfigKey.string("hdfs.proxyUser").check(Check.notBlank())
            .doc("User to impersonate for every HDFS call.");
    public static final ConfigKey<Boolean> ROUND = ConfigKey.bool("hdfs.round").defaultValue(false)
            .doc("Round the timestamp down before it fills time escapes (all but %t).");
    public static final ConfigKey<Integer> ROUND_VALUE = ConfigKey.integer("hdfs.roundValue").defaultValue(1)
            .check(Check.atLeast(1))
            .doc("Multiple of hdfs.roundUnit to round down to: 1 to 60 for second and minute, 1 to 24 for hour.");
    public static final ConfigKey<String> ROUND_UNIT = ConfigKey.of("hdfs.roundUnit",
                    ValueType.oneOf("second", "minute", "hour"))
            .defaultValue("SECOND")
            .doc("second, minute or hour.");
    public static final ConfigKey<String> TIME_ZONE = ConfigKey.string("hdfs.timeZone")
            .defaultDescribedAs("the JVM's time zone")
            .check(Check.of("a Java time zone ID (Flume silently uses GMT for an unknown one)", HdfsSink::isZone))
            .doc("Time zone for time escapes and rounding (a Java zone ID such as UTC or America/Los_Angeles).");
    public static final ConfigKey<Boolean> USE_LOCAL_TIMESTAMP = ConfigKey.bool("hdfs.useLocalTimeStamp")
            .defaultValue(false)
            .doc("Use the agent's clock instead of the timestamp header for time escapes.");
    public static final ConfigKey<Integer> CLOSE_TRIES = ConfigKey.integer("hdfs.closeTries").defaultValue(0)
            .doc("Attempts to close (and, separately, to rename) a file; 0 or less = until it works.");
    public static final ConfigKey<Long> RETRY_INTERVAL = ConfigKey.longKey("hdfs.retryInterval").defaultValue(180L)
            .doc("Seconds between close or rename attempts; 0 or less = one attempt only.");
    public static final ConfigKey<Long> CALL_TIMEOUT = ConfigKey.longKey("hdfs.callTimeout").defaultValue(30000L)
            .doc("Milliseconds each HDFS call (open, write and flush of a batch, close, rename) may take; "
                    + "0 or less = no limit.");
    public static final ConfigKey<Boolean> USE_RAW_LOCAL_FILE_SYSTEM = ConfigKey.bool("hdfs.useRawLocalFileSystem")
            .defaultValue(false)
            .doc("Accepted for compatibility: Sluice always writes file: paths through Hadoop's raw local file system "
                    + "(no .crc files), since the checksummed one does not pass hflush on to the OS.");
    public static final ConfigKey<String> SERIALIZER = ConfigKey.string("serializer").defaultValue("TEXT")
            .check(SerializerFormat.NAME_CHECK)
            .doc("DataStream and CompressedStream: TEXT, HEADER_AND_TEXT or AVRO_EVENT (ignored for SequenceFile).");
    public static final ConfigKey<Boolean> APPEND_NEWLINE = ConfigKey.bool("serializer.appendNewline")
            .defaultValue(true)
            .doc("TEXT and HEADER_AND_TEXT: whether a newline follows each event.");
    public static final ConfigKey<Integer> SYNC_INTERVAL_BYTES = ConfigKey.integer("serializer.syncIntervalBytes")
            .defaultValue(SerializerFormat.DEFAULT_SYNC_INTERVAL_BYTES).check(Check.atLeast(32))
            .doc("AVRO_EVENT: approximate bytes per Avro block; every batch also ends a block.");
    public static final ConfigKey<String> AVRO_CODEC = ConfigKey.string("serializer.compressionCodec")
            .defaultValue("null").check(SerializerFormat.AVRO_CODEC_CHECK)
            .doc("AVRO_EVENT: Avro block codec (null for none).");

    public static final ComponentSpec<SinkContext, Sink> SPEC = ComponentSpec.sink("hdfs", HdfsSink::new)
            .flumeClass("org.apache.flume.sink.hdfs.HDFSEventSink")
            .doc("Writes events into files on HDFS or any Hadoop file system (file:// needs no cluster), bucketed "
                    + "by path and prefix templates, rolled by count, size, time and idleness.")
            .keys(PATH, FILE_PREFIX, FILE_SUFFIX, IN_USE_PREFIX, IN_USE_SUFFIX, EMPTY_IN_USE_SUFFIX,
                    ROLL_INTERVAL, ROLL_SIZE, ROLL_COUNT, IDLE_TIMEOUT)
            .batchSize(BATCH_SIZE)
            .keys(CODEC, FILE_TYPE, MAX_OPEN_FILES, MIN_BLOCK_REPLICAS, WRITE_FORMAT, THREADS_POOL_SIZE,
                    ROLL_TIMER_POOL_SIZE, KERBEROS_PRINCIPAL, KERBEROS_KEYTAB, PROXY_USER, ROUND, ROUND_VALUE,
                    ROUND_UNIT, TIME_ZONE, USE_LOCAL_TIMESTAMP, CLOSE_TRIES, RETRY_INTERVAL, CALL_TIMEOUT,
                    USE_RAW_LOCAL_FILE_SYSTEM, SERIALIZER, APPEND_NEWLINE, SYNC_INTERVAL_BYTES, AVRO_CODEC)
            .crossCheck(HdfsSink::crossCheck)
            .resources(s -> List.of("hdfs-files:" + s.get(PATH) + "/" + s.get(FILE_PREFIX) + ".*" + s.get(FILE_SUFFIX)))
            .note("hdfs flushes (hflush) each batch before committing it: committed events survive a crash of the "
                    + "agent; on HDFS they have reached every datanode of the pipeline (no hsync to disk). "
                    + "Delivery is at-least-once: a failed batch is written again, possibly into a second file.")
            .build();

    private final HdfsSinkConfig config;
    private final PathTemplate pathTemplate;
    private final PathTemplate prefixTemplate;
    private final boolean useLocalTimeStamp;
    private final BucketKey rejectedBucket;
    private final FilesFactory filesFactory;
    private final LongSupplier clock;
    private final RateLimitedLog noTimestampLog = new RateLimitedLog(LOG, 30, TimeUnit.SECONDS);
    private final RateLimitedLog rejectedLog = new RateLimitedLog(LOG, 30, TimeUnit.SECONDS);
    private final LongAdder noTimestamp = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    // Guarded by this.
    private BucketFiles files;

    public HdfsSink(SinkContext ctx) {
        this(ctx, HadoopLoader::create, System::currentTimeMillis);
    }

    /** Makes the file side when the sink starts; tests give it their own Hadoop configuration. */
    @FunctionalInterface
    interface FilesFactory {
        BucketFiles create(HdfsSinkConfig config, SinkCounter counter) throws IOException;
    }

    HdfsSink(SinkContext ctx, FilesFactory filesFactory, LongSupplier clock) {
        super("hdfs", ctx, ctx.settings().get(BATCH_SIZE));
        Settings s = ctx.settings();
        this.config = config(name, s);
        LocalHost host = LocalHost.lookUp();
        Rounding rounding = Rounding.of(s.get(ROUND), s.get(ROUND_UNIT), s.get(ROUND_VALUE));
        this.pathTemplate = PathTemplate.parse(config.path(), rounding, config.timeZone(), host);
        this.prefixTemplate = PathTemplate.parse(config.filePrefix(), rounding, config.timeZone(), host);
        this.useLocalTimeStamp = s.get(USE_LOCAL_TIMESTAMP);
        this.rejectedBucket = rejectedBucket(pathTemplate, prefixTemplate);
        this.filesFactory = filesFactory;
        this.clock = clock;
    }

    static HdfsSinkConfig config(String name, Settings s) {
        ZoneId zone = s.get(TIME_ZONE) != null ? ZoneId.of(s.get(TIME_ZONE).trim(), ZoneId.SHORT_IDS)
                : ZoneId.systemDefault();
        String inUseSuffix = s.get(EMPTY_IN_USE_SUFFIX) ? "" : s.get(IN_USE_SUFFIX);
        return new HdfsSinkConfig(name, stripTrailingSlash(s.require(PATH)), s.get(FILE_PREFIX), s.get(FILE_SUFFIX),
                s.get(IN_USE_PREFIX), inUseSuffix, s.get(ROLL_INTERVAL), s.get(ROLL_SIZE), s.get(ROLL_COUNT),
                s.get(IDLE_TIMEOUT), s.get(FILE_TYPE), CodecNames.shortName(s.get(CODEC)), s.get(WRITE_FORMAT),
                SerializerFormat.of(s.get(SERIALIZER), s.get(APPEND_NEWLINE), s.get(SYNC_INTERVAL_BYTES),
                        s.get(AVRO_CODEC)),
                s.get(MAX_OPEN_FILES), s.get(MIN_BLOCK_REPLICAS), s.get(THREADS_POOL_SIZE), s.get(CALL_TIMEOUT),
                s.get(RETRY_INTERVAL), s.get(CLOSE_TRIES), s.get(KERBEROS_PRINCIPAL), s.get(KERBEROS_KEYTAB),
                s.get(PROXY_USER), zone);
    }

    private static String stripTrailingSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/") && !p.endsWith("//")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Where events go whose header values would leave the path: {@code <fixed part of the path>/_rejected}. */
    static BucketKey rejectedBucket(PathTemplate path, PathTemplate prefix) {
        String base = path.staticPrefix();
        if (!path.isStatic()) {
            int slash = base.lastIndexOf('/');
            base = slash < 0 ? base : base.substring(0, slash);
        }
        String filePrefix = prefix.isStatic() ? prefix.staticPrefix() : prefix.staticPrefix() + "rejected";
        return new BucketKey(base + "/" + REJECTED_DIRECTORY, filePrefix);
    }

    @Override
    public synchronized void start() throws Exception {
        if (files != null) {
            return;
        }
        BucketFiles created = filesFactory.create(config, counter);
        try {
            int recovered = created.recoverInUseFiles();
            if (recovered > 0) {
                LOG.info("hdfs sink {} finalized {} in-use file(s) left by an earlier run", name, recovered);
            }
        } catch (IOException | RuntimeException e) {
            created.close();
            throw new IOException("hdfs sink " + name + " could not recover the in-use files under " + config.path()
                    + " left by an earlier run: " + e, e);
        }
        files = created;
        LOG.info("hdfs sink {} writing {} files to {}", name, config.fileType().toLowerCase(Locale.ENGLISH), config.path());
    }

    @Override
    public synchronized void stop() {
        if (files != null) {
            files.close();
            files = null;
        }
        if (noTimestamp.sum() > 0 || rejected.sum() > 0) {
            LOG.info("hdfs sink {} stopped; events placed by the agent's clock for lack of a timestamp header: {}, "
                    + "events sent to {} for unsafe header values: {}", name, noTimestamp.sum(), rejectedBucket.directory(),
                    rejected.sum());
        }
    }

    @Override
    protected void deliver(List<Event> events) throws EventDeliveryException {
        write(buckets(events));
    }

    @Override
    protected void idle() {
        tick();
    }

    @Override
    protected void delivered(int events) {
        tick();
    }

    private synchronized void write(Map<BucketKey, List<Event>> batch) throws EventDeliveryException {
        if (files == null) {
            throw new EventDeliveryException(label() + " is stopped; the batch stays in the channel");
        }
        try {
            files.write(batch);
        } catch (IOException | RuntimeException e) {
            counter.incrementEventWriteFail();
            throw new EventDeliveryException(label() + " failed to write a batch under " + config.path()
                    + "; it stays in the channel and will be written again: " + e, e);
        }
    }

    private synchronized void tick() {
        if (files != null) {
            files.tick();
        }
    }

    /** Groups a batch by bucket, keeping each bucket's events in channel order. */
    Map<BucketKey, List<Event>> buckets(List<Event> events) {
        Map<BucketKey, List<Event>> out = new LinkedHashMap<>();
        if (pathTemplate.isStatic() && prefixTemplate.isStatic()) {
            out.put(new BucketKey(pathTemplate.staticPrefix(), prefixTemplate.staticPrefix()), events);
            return out;
        }
        boolean needsTime = pathTemplate.needsTime() || prefixTemplate.needsTime();
        long batchClock = needsTime ? clock.getAsLong() : 0;
        BucketKey last = null;
        List<Event> lastList = null;
        for (Event e : events) {
            long millis = needsTime ? timestamp(e, batchClock) : 0;
            PathTemplate.Resolved dir = pathTemplate.resolve(e, millis);
            PathTemplate.Resolved prefix = dir.ok() ? prefixTemplate.resolve(e, millis) : dir;
            BucketKey key;
            if (dir.ok() && prefix.ok()) {
                key = last != null && last.directory().equals(dir.text()) && last.prefix().equals(prefix.text())
                        ? last : new BucketKey(dir.text(), prefix.text());
            } else {
                PathTemplate.Resolved bad = dir.ok() ? prefix : dir;
                rejected.increment();
                rejectedLog.error("hdfs sink {}: header {} = '{}' would take the file out of {}; the event goes to {} "
                        + "({} so far)", name, bad.badHeader(), bad.badValue(), config.path(), rejectedBucket.directory(),
                        rejected.sum());
                key = rejectedBucket;
            }
            if (key != last) {
                lastList = out.computeIfAbsent(key, k -> new ArrayList<>());
                last = key;
            }
            lastList.add(e);
        }
        return out;
    }

    /** The event's timestamp header, or the agent's clock when it is absent or not a number (counted). */
    private long timestamp(Event e, long batchClock) {
        if (useLocalTimeStamp) {
            return batchClock;
        }
        String header = e.header("timestamp");
        if (header != null) {
            try {
                return Long.parseLong(header.trim());
            } catch (NumberFormatException ignored) {
                // Falls through to the agent's clock, as for a missing header.
            }
        }
        noTimestamp.increment();
        noTimestampLog.warn("hdfs sink {}: event without a numeric timestamp header (found '{}') is placed by the "
                + "agent's clock ({} so far); set hdfs.useLocalTimeStamp or add a timestamp interceptor", name, header,
                noTimestamp.sum());
        return batchClock;
    }

    /** Events placed by the agent's clock for lack of a usable timestamp header since start. */
    long eventsWithoutTimestamp() {
        return noTimestamp.sum();
    }

    /** Events sent to the rejected bucket since start. */
    long rejectedEvents() {
        return rejected.sum();
    }

    @Override
    public String toString() {
        return "HdfsSink{" + name + "}";
    }

    private static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> out = new ArrayList<>();
        String fileType = s.get(FILE_TYPE);
        boolean codec = !"none".equals(CodecNames.shortName(s.get(CODEC)));
        if (fileType.equals("DATASTREAM") && codec) {
            out.add(new SettingsProblem(CODEC.name(), "a codec needs hdfs.fileType CompressedStream or SequenceFile; "
                    + "DataStream writes uncompressed"));
        }
        if (fileType.equals("COMPRESSEDSTREAM") && !codec) {
            out.add(new SettingsProblem(FILE_TYPE.name(), "CompressedStream needs hdfs.codeC (" + CodecNames.VALID + ")"));
        }
        if (s.get(ROUND)) {
            int max = Rounding.maxValue(s.get(ROUND_UNIT));
            if (s.get(ROUND_VALUE) > max) {
                out.add(new SettingsProblem(ROUND_VALUE.name(), s.get(ROUND_VALUE) + " must be from 1 to " + max
                        + " for roundUnit " + s.get(ROUND_UNIT).toLowerCase(Locale.ENGLISH)));
            }
        }
        if ((s.get(KERBEROS_PRINCIPAL) == null) != (s.get(KERBEROS_KEYTAB) == null)) {
            out.add(new SettingsProblem(s.get(KERBEROS_PRINCIPAL) == null ? KERBEROS_KEYTAB.name()
                    : KERBEROS_PRINCIPAL.name(), "hdfs.kerberosPrincipal and hdfs.kerberosKeytab go together"));
        }
        return out;
    }

    private static Check<String> template() {
        return Check.of("a path whose escapes Sluice knows (%[...] is localhost, IP, IPaddress or FQDN)",
                v -> PathTemplate.problem(v) == null);
    }

    private static boolean isZone(String id) {
        try {
            ZoneId.of(id.trim(), ZoneId.SHORT_IDS);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Check<String> noSlash() {
        return Check.of("text without '/'", v -> v.indexOf('/') < 0);
    }
}
