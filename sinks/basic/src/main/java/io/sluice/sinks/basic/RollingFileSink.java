package io.sluice.sinks.basic;

import io.sluice.api.BatchSink;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.serializers.EventSerializer;
import io.sluice.serializers.SerializerFormat;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file_roll} sink (spec §8.3): writes events to files in a local directory, starting a
 * new file every {@code sink.rollInterval} seconds.
 *
 * <p>Each {@code process()} takes up to {@code sink.batchSize} events, writes them through the
 * serializer, flushes the stream to the OS and only then commits the take. There is no fsync: a
 * committed batch survives a crash of the agent, not of the machine.
 *
 * <p>Where Sluice differs from Flume, on purpose:
 * <ul>
 *   <li>The directory is created at {@link #start()}; if that fails the sink does not start. If it
 *       disappears later, the next file open creates it again.</li>
 *   <li>A file is opened on the first event of a batch, never for an empty take, so an idle sink
 *       leaves no empty files behind.</li>
 *   <li>Files are created with {@code CREATE_NEW}: an existing file is never truncated or appended
 *       to; a name that is taken is skipped for the next counter value. Every file gets a fresh
 *       name, also after a failed close.</li>
 *   <li>The roll interval counts from the moment the current file was opened, and is checked on
 *       every {@code process()}: as an empty take waits at most the channel's keep-alive, an idle
 *       file is closed at most that long after its interval ran out. No timer thread.</li>
 *   <li>When a write or flush fails, the batch is rolled back, the broken file is closed without
 *       flushing what is still buffered, and the next batch goes to a new file. Part of the failed
 *       batch may already be in the old file; those events are delivered again into the new one,
 *       so they can appear twice (at-least-once, as everywhere in Flume and Sluice).</li>
 * </ul>
 *
 * <p>Counters: ConnectionCreated per file opened, ConnectionClosed per file closed,
 * ConnectionFailed per failed open or close, EventWriteFail per failed batch write, plus the
 * batch, drain and ChannelReadFail counters of every sink.
 *
 * <p>Thread-safety: {@code process()} is called by one runner thread at a time. The open file is
 * guarded by this object's monitor, so {@link #stop()} may run on another thread while a
 * {@code process()} is waiting on the channel; a batch taken after {@code stop()} is rolled back.
 */
public final class RollingFileSink extends BatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(RollingFileSink.class);

    private static final int BUFFER_BYTES = 64 * 1024;

    public static final ConfigKey<String> DIRECTORY = ConfigKey.string("sink.directory").required()
            .check(Check.of("a directory path", RollingFileSink::isPath))
            .doc("Directory the files are written to; created at start, and again if it disappears.");

    public static final ConfigKey<Long> ROLL_INTERVAL = ConfigKey.longKey("sink.rollInterval")
            .defaultValue(30L)
            .doc("Seconds after which the current file is closed and the next event starts a new one; "
                    + "0 or less never rolls.");

    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("sink.batchSize")
            .defaultValue(100).check(Check.atLeast(1))
            .doc("Most events taken per channel transaction; at most the channel's transactionCapacity.");

    public static final ConfigKey<String> SERIALIZER = ConfigKey.string("sink.serializer")
            .defaultValue("TEXT")
            .check(SerializerFormat.NAME_CHECK)
            .doc("How events are written: TEXT (the body), HEADER_AND_TEXT (headers as {k=v, ...}, a space, the body) "
                    + "or AVRO_EVENT (an Avro container file of Flume's Event records).");

    public static final ConfigKey<Boolean> APPEND_NEWLINE = ConfigKey.bool("sink.serializer.appendNewline")
            .defaultValue(true)
            .doc("TEXT and HEADER_AND_TEXT: whether a newline follows each event.");

    public static final ConfigKey<Integer> SYNC_INTERVAL_BYTES = ConfigKey.integer("sink.serializer.syncIntervalBytes")
            .defaultValue(SerializerFormat.DEFAULT_SYNC_INTERVAL_BYTES).check(Check.atLeast(32))
            .doc("AVRO_EVENT: approximate bytes per Avro block; every batch also ends a block.");

    public static final ConfigKey<String> COMPRESSION_CODEC = ConfigKey.string("sink.serializer.compressionCodec")
            .defaultValue("null").check(SerializerFormat.AVRO_CODEC_CHECK)
            .doc("AVRO_EVENT: Avro block codec (null for none).");

    public static final ConfigKey<String> PATH_MANAGER = ConfigKey.string("sink.pathManager")
            .defaultValue("DEFAULT")
            .check(Check.of("DEFAULT or ROLLTIME, any case, or the Flume builder class of one of them "
                    + "(other path manager classes are not supported by Sluice yet)",
                    s -> FileNamer.schemeFor(s) != null))
            .doc("File naming: DEFAULT is <prefix><startMillis>-<n>, ROLLTIME is <prefix><yyyyMMddHHmmss>-<n>.");

    public static final ConfigKey<String> PREFIX = ConfigKey.string("sink.pathManager.prefix")
            .defaultValue("").check(fileNamePart())
            .doc("Text put before every file name.");

    public static final ConfigKey<String> EXTENSION = ConfigKey.string("sink.pathManager.extension")
            .defaultValue("").check(fileNamePart())
            .doc("File name extension, without the dot (log gives .log); empty for none.");

    public static final ComponentSpec<SinkContext, Sink> SPEC = ComponentSpec
            .<SinkContext, Sink>builder(Kind.SINK, "file_roll", RollingFileSink::new)
            .flumeClass("org.apache.flume.sink.RollingFileSink")
            .doc("Writes events to files in a local directory, starting a new file at an interval.")
            .keys(DIRECTORY, ROLL_INTERVAL)
            .batchSize(BATCH_SIZE)
            .keys(SERIALIZER, APPEND_NEWLINE, SYNC_INTERVAL_BYTES, COMPRESSION_CODEC, PATH_MANAGER, PREFIX, EXTENSION)
            .note("file_roll flushes each batch to the OS before committing but does not fsync: "
                    + "committed events survive an agent crash, not a machine crash.")
            .build();

    /** Creates a file that does not exist yet, failing with FileAlreadyExistsException if it does. */
    @FunctionalInterface
    interface FileOpener {
        OutputStream createNew(Path file) throws IOException;
    }

    static final FileOpener CREATE_NEW = file -> Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    private final Path directory;
    private final long rollIntervalNanos;
    private final SerializerFormat format;
    private final FileNamer namer;
    private final FileOpener opener;
    private final LongSupplier nanoClock;

    // Guarded by this.
    private boolean running;
    private OutputStream file;
    private BufferedOutputStream out;
    private EventSerializer serializer;
    private Path current;
    private long openedAt;

    public RollingFileSink(SinkContext ctx) {
        this(ctx, CREATE_NEW, System::nanoTime, LocalDateTime::now);
    }

    RollingFileSink(SinkContext ctx, FileOpener opener, LongSupplier nanoClock,
                    Supplier<LocalDateTime> wallClock) {
        super("file_roll", ctx, ctx.settings().get(BATCH_SIZE));
        Settings s = ctx.settings();
        this.directory = Path.of(s.require(DIRECTORY));
        long seconds = s.get(ROLL_INTERVAL);
        this.rollIntervalNanos = seconds > 0 ? TimeUnit.SECONDS.toNanos(seconds) : 0;
        this.format = SerializerFormat.of(s.get(SERIALIZER), s.get(APPEND_NEWLINE), s.get(SYNC_INTERVAL_BYTES),
                s.get(COMPRESSION_CODEC));
        FileNamer.Scheme scheme = FileNamer.schemeFor(s.get(PATH_MANAGER));
        if (scheme == null) {
            throw new IllegalArgumentException("sink.pathManager = " + s.get(PATH_MANAGER) + ": must be " + PATH_MANAGER.check());
        }
        this.namer = new FileNamer(directory, scheme, s.get(PREFIX), s.get(EXTENSION), System.currentTimeMillis(), wallClock);
        this.opener = opener;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void start() throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("file_roll sink " + name + " cannot create its sink.directory " + directory
                    + ": " + e, e);
        }
        running = true;
        LOG.info("file_roll sink {} writing to {}", name, directory.toAbsolutePath());
    }

    @Override
    public synchronized void stop() {
        running = false;
        closeCurrent();
        LOG.info("file_roll sink {} stopped", name);
    }

    @Override
    protected synchronized void idle() {
        rollIfDue();
    }

    @Override
    protected synchronized void deliver(List<Event> events) throws EventDeliveryException {
        if (!running) {
            throw new EventDeliveryException("file_roll sink " + name + " is stopped; the batch stays in the channel");
        }
        rollIfDue();
        if (out == null) {
            open();
        }
        try {
            for (Event e : events) {
                serializer.write(e);
            }
            serializer.flush();
            out.flush();
        } catch (IOException e) {
            counter.incrementEventWriteFail();
            Path broken = current;
            abandonCurrent();
            throw new EventDeliveryException("file_roll sink " + name + " failed to write to " + broken
                    + "; the batch stays in the channel and goes to a new file: " + e, e);
        }
    }

    /** The file being written, or null between files. */
    synchronized Path currentFile() {
        return current;
    }

    private void rollIfDue() {
        if (out != null && rollIntervalNanos > 0 && nanoClock.getAsLong() - openedAt >= rollIntervalNanos) {
            closeCurrent();
        }
    }

    private void open() throws EventDeliveryException {
        boolean recreated = false;
        while (true) {
            Path candidate = namer.next();
            try {
                file = opener.createNew(candidate);
            } catch (FileAlreadyExistsException e) {
                LOG.debug("file_roll sink {}: {} exists, trying the next name", name, candidate);
                continue;
            } catch (NoSuchFileException e) {
                if (!recreated && recreateDirectory()) {
                    recreated = true;
                    continue;
                }
                counter.incrementConnectionFailed();
                throw new EventDeliveryException("file_roll sink " + name + " failed to open file " + candidate
                        + "; the batch stays in the channel: " + e, e);
            } catch (IOException | RuntimeException e) {
                counter.incrementConnectionFailed();
                throw new EventDeliveryException("file_roll sink " + name + " failed to open file " + candidate
                        + "; the batch stays in the channel: " + e, e);
            }
            out = new BufferedOutputStream(file, BUFFER_BYTES);
            serializer = format.open(out);
            current = candidate;
            openedAt = nanoClock.getAsLong();
            counter.incrementConnectionCreated();
            try {
                serializer.afterCreate();
            } catch (IOException e) {
                counter.incrementEventWriteFail();
                Path broken = current;
                abandonCurrent();
                throw new EventDeliveryException("file_roll sink " + name + " failed to start file " + broken
                        + "; the batch stays in the channel: " + e, e);
            }
            LOG.debug("file_roll sink {} opened {}", name, candidate);
            return;
        }
    }

    /** The directory was removed while the sink ran (a clean-up job, say): create it again, once per open. */
    private boolean recreateDirectory() {
        try {
            Files.createDirectories(directory);
            LOG.warn("file_roll sink {}: {} had disappeared and was created again", name, directory);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the current file normally: every committed batch was already flushed, so nothing is lost. */
    private void closeCurrent() {
        if (out == null) {
            return;
        }
        Path closing = current;
        try {
            try {
                serializer.beforeClose();
            } finally {
                out.close();
            }
            counter.incrementConnectionClosed();
            LOG.debug("file_roll sink {} closed {}", name, closing);
        } catch (IOException e) {
            counter.incrementConnectionFailed();
            LOG.warn("file_roll sink {} failed to close {} (its committed events were flushed before commit; "
                    + "the next events go to a new file): {}", name, closing, e.toString());
        } finally {
            forget();
        }
    }

    /**
     * Closes a file after a failed write without flushing the buffer, so no more of the failed batch
     * reaches it: those events are redelivered into the next file.
     */
    private void abandonCurrent() {
        try {
            file.close();
            counter.incrementConnectionClosed();
        } catch (IOException e) {
            counter.incrementConnectionFailed();
            LOG.warn("file_roll sink {} failed to close {} after a failed write: {}", name, current, e.toString());
        } finally {
            forget();
        }
    }

    private void forget() {
        file = null;
        out = null;
        serializer = null;
        current = null;
    }

    private static boolean isPath(String s) {
        if (s.isBlank()) {
            return false;
        }
        try {
            Path.of(s);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Check<String> fileNamePart() {
        // A separator would send files into a subdirectory that start() never created.
        return Check.of("text without '/' or '" + File.separatorChar + "'",
                s -> s.indexOf('/') < 0 && s.indexOf(File.separatorChar) < 0);
    }
}
