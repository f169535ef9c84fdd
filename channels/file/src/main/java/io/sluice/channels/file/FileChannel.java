package io.sluice.channels.file;

import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.Transaction;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.channels.file.io.NioStorage;
import io.sluice.channels.file.io.Storage;
import io.sluice.channels.file.replay.ReplayProgress;
import io.sluice.channels.file.wal.record.PutRecordEncoder;
import io.sluice.channels.file.wal.segment.EventReader;
import io.sluice.channels.file.wal.segment.GroupCommitter;
import io.sluice.channels.file.wal.segment.LogWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code file} channel as a write-ahead log (format and invariants in
 * {@link io.sluice.channels.file.wal}): every committed transaction is one CRC32C-framed record in
 * append-only segments, forced to disk before commit returns, with concurrent commits sharing
 * fsyncs; the queue lives in memory as pointers (recent events themselves too, so taking them reads
 * no disk); checkpoints are written atomically in the background; start-up replays the log after the
 * last checkpoint, heals a torn tail and reports exactly what damage cost.
 *
 * <p>Keys and defaults are Flume's (spec §5.3); where Sluice differs on purpose see
 * docs/architecture.md. Thread-safe: any number of threads may run their own transactions.
 * {@link #start()} and {@link #stop()} are called once each, by the runtime.
 */
public final class FileChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannel.class);

    public static final ConfigKey<String> CHECKPOINT_DIR = ConfigKey.string("checkpointDir")
            .defaultValue("~/.flume/file-channel/checkpoint").check(Check.notBlank())
            .doc("Directory of the checkpoint files; a leading ~ is the user's home. Every file channel needs its own.");
    public static final ConfigKey<Boolean> USE_DUAL_CHECKPOINTS = ConfigKey.bool("useDualCheckpoints")
            .defaultValue(false).doc("Also copy each checkpoint to backupCheckpointDir, a fallback if both checkpoint "
                    + "files in checkpointDir are damaged.");
    public static final ConfigKey<String> BACKUP_CHECKPOINT_DIR = ConfigKey.string("backupCheckpointDir")
            .doc("Directory of the checkpoint copy when useDualCheckpoints is true; must differ from checkpointDir and "
                    + "dataDirs.");
    public static final ConfigKey<Boolean> COMPRESS_BACKUP_CHECKPOINT = ConfigKey.bool("compressBackupCheckpoint")
            .defaultValue(false).doc("Accepted for compatibility; the backup is written uncompressed (a checkpoint "
                    + "takes about 4 bytes per queued event).");
    public static final ConfigKey<String> DATA_DIRS = ConfigKey.string("dataDirs")
            .defaultValue("~/.flume/file-channel/data").check(Check.notBlank())
            .doc("Comma-separated directories of the log segments, used in turn, segment by segment.");
    public static final ConfigKey<Integer> TRANSACTION_CAPACITY = ConfigKey.integer("transactionCapacity")
            .defaultValue(10000).check(Check.atLeast(1))
            .doc("Most events one transaction may put, and separately most it may take; at most capacity.");
    public static final ConfigKey<Long> CHECKPOINT_INTERVAL = ConfigKey.longKey("checkpointInterval")
            .defaultValue(30000L).check(Check.atLeast(1L))
            .doc("Milliseconds between checkpoints; one is also written after every 128 MiB of log.");
    public static final ConfigKey<Long> MAX_FILE_SIZE = ConfigKey.longKey("maxFileSize")
            .defaultValue(1623195647L).check(Check.between(1024L, (long) Integer.MAX_VALUE))
            .doc("Bytes after which the log moves to a new segment (a single larger transaction gets a segment of its "
                    + "own).");
    public static final ConfigKey<Long> MINIMUM_REQUIRED_SPACE = ConfigKey.longKey("minimumRequiredSpace")
            .defaultValue(524288000L).check(Check.atLeast(1048576L))
            .doc("Bytes that must stay free in every directory of the channel; below it puts are refused (takes go "
                    + "on) until space is freed.");
    public static final ConfigKey<Integer> CAPACITY = ConfigKey.integer("capacity")
            .defaultValue(1000000).check(Check.atLeast(1))
            .doc("Most events the channel holds, counting taken events until their take commits.");
    public static final ConfigKey<Integer> KEEP_ALIVE = ConfigKey.integer("keep-alive")
            .defaultValue(3).check(Check.atLeast(0))
            .doc("Seconds a put commit waits for room, and a take waits for its first event.");
    public static final ConfigKey<Boolean> USE_LOG_REPLAY_V1 = ConfigKey.bool("use-log-replay-v1")
            .defaultValue(false).doc("Accepted for compatibility; Sluice has one replay, which reads only the log "
                    + "written after the last checkpoint.");
    public static final ConfigKey<Boolean> USE_FAST_REPLAY = ConfigKey.bool("use-fast-replay")
            .defaultValue(false).doc("Accepted for compatibility; see use-log-replay-v1.");
    public static final ConfigKey<Boolean> CHECKPOINT_ON_CLOSE = ConfigKey.bool("checkpointOnClose")
            .defaultValue(true).doc("Write a checkpoint when the channel stops, so the next start replays nothing.");
    public static final ConfigKey<Boolean> FSYNC_PER_TRANSACTION = ConfigKey.bool("fsyncPerTransaction")
            .defaultValue(true).doc("Force every commit to disk before it returns. false: commits return once "
                    + "written to the OS, which forces them every fsyncInterval seconds; a machine crash can lose those.");
    public static final ConfigKey<Integer> FSYNC_INTERVAL = ConfigKey.integer("fsyncInterval")
            .defaultValue(5).check(Check.atLeast(1))
            .doc("Seconds between fsyncs when fsyncPerTransaction is false.");
    public static final ConfigKey<Boolean> STRICT_RECOVERY = ConfigKey.bool("strictRecovery")
            .defaultValue(false).doc("Sluice: refuse to start, instead of starting without them, when committed "
                    + "events are damaged or missing; every queued event is then read and verified at start.");
    public static final ConfigKey<Long> EVENT_CACHE_BYTES = ConfigKey.longKey("eventCacheBytes")
            .defaultDescribedAs("10% of the JVM's max heap").check(Check.atLeast(0L))
            .doc("Sluice: bytes of queued events also kept in memory, so taking them reads no disk.");

    public static final ComponentSpec<ChannelContext, Channel> SPEC = ComponentSpec
            .channel("file", FileChannel::new)
            .flumeClass("org.apache.flume.channel.file.FileChannel")
            .doc("A durable channel: a write-ahead log on local disk. A commit returns once it is on disk; after a "
                    + "crash every committed event is delivered, and damage is repaired and reported. Flume's "
                    + "encryption.* keys are refused: Sluice does not encrypt its log.")
            .keys(CHECKPOINT_DIR, USE_DUAL_CHECKPOINTS, BACKUP_CHECKPOINT_DIR, COMPRESS_BACKUP_CHECKPOINT, DATA_DIRS)
            .transactionCapacity(TRANSACTION_CAPACITY)
            .keys(CHECKPOINT_INTERVAL, MAX_FILE_SIZE, MINIMUM_REQUIRED_SPACE, CAPACITY, KEEP_ALIVE, USE_LOG_REPLAY_V1,
                    USE_FAST_REPLAY, CHECKPOINT_ON_CLOSE, FSYNC_PER_TRANSACTION, FSYNC_INTERVAL, STRICT_RECOVERY,
                    EVENT_CACHE_BYTES)
            .prefix("encryption.")
            .crossCheck(FileChannelConfig::crossCheck)
            .resources(FileChannelConfig::resources)
            .note("the file channel keeps Flume's keys but not its on-disk format: drain a Flume file channel with "
                    + "Flume before pointing Sluice at its directories (Sluice refuses to start on them).")
            .build();

    /** What a transaction works with; built at start. */
    record Parts(String name, FileChannelConfig config, ChannelCounter counter, FileChannelMetrics metrics,
                 ChannelState state, LogWriter writer, SpaceGuard space, ThreadLocal<EventReader> readers,
                 ThreadLocal<PutRecordEncoder> encoders, ThrottledLog lossLog) {
        long keepAliveNanos() {
            return TimeUnit.SECONDS.toNanos(config.keepAliveSeconds());
        }

        EventReader reader() {
            return readers.get();
        }

        PutRecordEncoder encoder() {
            return encoders.get();
        }
    }

    private final String name;
    private final FileChannelConfig config;
    private final ChannelCounter counter;
    private final Storage storage;
    private final FileChannelMetrics metrics;
    private FileChannelLog log;
    private volatile Parts parts;

    public FileChannel(ChannelContext context) {
        this(context, NioStorage.INSTANCE, ReplayProgress.LOG_EVERY);
    }

    /**
     * With another {@link Storage}, and how often a replay logs its progress: tests inject faults and
     * watch replays this way.
     */
    FileChannel(ChannelContext context, Storage storage, Duration replayLogEvery) {
        this.name = context.name();
        this.config = FileChannelConfig.from(context.settings());
        this.counter = context.counter();
        this.storage = storage;
        this.metrics = new FileChannelMetrics(name, replayLogEvery);
        counter.bind(config.capacity(), this::size);
        counter.bindExtras(metrics::addTo);
    }

    @Override
    public synchronized void start() throws Exception {
        if (log != null) {
            throw new IllegalStateException("file channel " + name + " was started already");
        }
        try {
            log = FileChannelLog.open(name, config, storage, metrics);
        } catch (Exception e) {
            metrics.unhealthy(true);
            throw e;
        }
        parts = new Parts(name, config, counter, metrics, log.state(), log.writer(),
                new SpaceGuard(name, storage, config.allDirs(), config.minimumRequiredSpace()),
                ThreadLocal.withInitial(() -> new EventReader(log.segments())),
                ThreadLocal.withInitial(PutRecordEncoder::new), new ThrottledLog(LOG, 20));
        metrics.open(true);
        LOG.info("File channel {} started with {} events: capacity {}, transactionCapacity {}, checkpointDir {}, "
                        + "dataDirs {}{}", name, size(), config.capacity(), config.transactionCapacity(),
                config.checkpointDir(), config.dataDirs(),
                config.fsyncPerTransaction() ? "" : ", fsyncPerTransaction = false (commits are not forced to disk)");
    }

    @Override
    public synchronized void stop() {
        metrics.open(false);
        if (log != null) {
            log.close(config.checkpointOnClose());
            LOG.info("File channel {} stopped with {} events stored in {}", name, size(), config.dataDirs());
        }
    }

    @Override
    public Transaction begin() {
        Parts p = parts;
        if (p == null) {
            throw new IllegalStateException("file channel " + name + " is not started");
        }
        return new FileTransaction(p);
    }

    @Override
    public long size() {
        Parts p = parts;
        return p == null ? 0 : p.state().size();
    }

    @Override
    public long capacity() {
        return config.capacity();
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** What start-up recovery found; null before start. */
    FileChannelLog log() {
        return log;
    }

    FileChannelMetrics metrics() {
        return metrics;
    }

    @Override
    public String toString() {
        return "FileChannel{" + name + "}";
    }
}
