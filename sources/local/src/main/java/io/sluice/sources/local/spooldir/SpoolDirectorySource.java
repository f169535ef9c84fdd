package io.sluice.sources.local.spooldir;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.Status;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.api.config.ValueType;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.sources.local.deserializer.DecodeErrorPolicy;
import io.sluice.sources.local.deserializer.DecodeException;
import io.sluice.sources.local.deserializer.Deserializers;
import io.sluice.sources.local.deserializer.EventDeserializer;
import io.sluice.sources.local.deserializer.ReadMark;
import io.sluice.sources.local.files.TextChecks;
import io.sluice.sources.local.spooldir.SpoolPositionFile.Position;
import io.sluice.sources.local.spooldir.SpoolScanner.Candidate;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spooldir} source (spec §4.10): ingests files dropped into a directory, one file at a
 * time, and marks each one done (renamed with {@code fileSuffix}, recorded in the tracker
 * directory, or deleted) once every event of it is committed to the channels.
 *
 * <p>Delivery: each poll reads up to {@code batchSize} events, hands them to the channel processor
 * and, only after that commit, records the read position in the position file (see
 * {@link SpoolPositionFile}). A crash of the agent therefore resumes at the last recorded batch: at
 * least once, with at most one batch delivered twice; a crash of the machine can repeat the batches
 * of up to {@code positionSyncIntervalMillis}. A file finished by its batch is marked done without a
 * position write. A refused batch is read again from the last committed mark after a backoff
 * (250 ms doubling up to {@code maxBackoff}).
 *
 * <p>Where Sluice differs from Flume, on purpose:
 * <ul>
 *   <li>A file it must not or cannot ingest (changed after it was picked up, a name that was already
 *       completed, bytes that do not decode under decodeErrorPolicy FAIL, unreadable, not Avro) is
 *       moved to {@code quarantineDir} with one ERROR line and counted in EventReadFail; the source
 *       goes on with the other files. Flume stops the whole source for good.</li>
 *   <li>A file is checked for change before every batch, not only at its end; a reused name is
 *       recognised before the file is read, not after.</li>
 *   <li>An empty file produces no event (Flume emits one empty event).</li>
 *   <li>The deserializer is resolved at validation; the position is Sluice's own format, fsynced.</li>
 *   <li>oldest/youngest order is taken from a directory listing that is refreshed when it is used up
 *       or older than {@code pollDelay}, not re-listed before every file (quadratic with a backlog).</li>
 * </ul>
 *
 * <p>Threads: {@link #poll()} runs on the runtime's polling thread; {@link #start()} and
 * {@link #stop()} on the runtime's thread. All three are synchronized, so stop waits for a poll in
 * progress.
 */
public final class SpoolDirectorySource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectorySource.class);
    private static final long FIRST_BACKOFF_MILLIS = 250;
    /** Consecutive read errors on one file after which it is quarantined instead of retried. */
    static final int MAX_READ_FAILURES = 3;
    static final String POSITION_FILE = ".sluice-position";

    public static final ConfigKey<String> SPOOL_DIR = ConfigKey.string("spoolDir").required()
            .check(Check.of("a directory path", SpoolDirectorySource::isPath))
            .doc("Directory to ingest files from. Must exist when the source starts (else start is retried).");
    public static final ConfigKey<String> FILE_SUFFIX = ConfigKey.string("fileSuffix").defaultValue(".COMPLETED")
            .doc("Appended to a fully ingested file's name (trackingPolicy rename) or to its tracker file's name "
                    + "(tracker_dir). Files ending with it are never picked up.");
    public static final ConfigKey<String> DELETE_POLICY = ConfigKey.of("deletePolicy", ValueType.oneOf("never", "immediate"))
            .defaultValue("never").doc("immediate deletes a file once it is fully ingested; never keeps it (see trackingPolicy).");
    public static final ConfigKey<String> TRACKING_POLICY = ConfigKey.of("trackingPolicy",
                    ValueType.oneOf("rename", "tracker_dir")).defaultValue("rename")
            .doc("With deletePolicy never: rename the ingested file with fileSuffix, or leave it and create "
                    + "<trackerDir>/<relative path><fileSuffix>.");
    public static final ConfigKey<String> TRACKER_DIR = ConfigKey.string("trackerDir").defaultValue(".flumespool")
            .check(Check.of("a directory path", SpoolDirectorySource::isPath))
            .doc("Directory for the read position and tracker files; relative to spoolDir unless absolute. Created at start.");
    public static final ConfigKey<Boolean> FILE_HEADER = ConfigKey.bool("fileHeader").defaultValue(false)
            .doc("Add the file's absolute path as a header.");
    public static final ConfigKey<String> FILE_HEADER_KEY = ConfigKey.string("fileHeaderKey").defaultValue("file")
            .doc("Header name for the absolute path.");
    public static final ConfigKey<Boolean> BASENAME_HEADER = ConfigKey.bool("basenameHeader").defaultValue(false)
            .doc("Add the file's name (without directory) as a header.");
    public static final ConfigKey<String> BASENAME_HEADER_KEY = ConfigKey.string("basenameHeaderKey")
            .defaultValue("basename").doc("Header name for the file name.");
    public static final ConfigKey<String> INCLUDE_PATTERN = ConfigKey.string("includePattern").defaultValue("^.*$")
            .check(TextChecks.REGEX).doc("Regular expression a file name must match entirely to be ingested.");
    public static final ConfigKey<String> IGNORE_PATTERN = ConfigKey.string("ignorePattern").defaultValue("^$")
            .check(TextChecks.REGEX)
            .doc("Regular expression of file (and, when recursing, directory) names to skip; wins over includePattern.");
    public static final ConfigKey<String> CONSUME_ORDER = ConfigKey.of("consumeOrder",
                    ValueType.oneOf("oldest", "youngest", "random")).defaultValue("oldest")
            .doc("Which file next: oldest or youngest modification time (ties by path), or random.");
    public static final ConfigKey<Integer> POLL_DELAY = ConfigKey.integer("pollDelay").defaultValue(500)
            .check(Check.atLeast(1)).doc("Milliseconds between looks at the directory when there is nothing to read.");
    public static final ConfigKey<Boolean> RECURSIVE = ConfigKey.bool("recursiveDirectorySearch").defaultValue(false)
            .doc("Also ingest files in subdirectories.");
    public static final ConfigKey<Integer> MAX_BACKOFF = ConfigKey.integer("maxBackoff").defaultValue(4000)
            .check(Check.atLeast(1))
            .doc("Longest wait, in milliseconds, before retrying a batch the channels refused (starts at 250, doubles).");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100)
            .check(Check.atLeast(1)).doc("Events per channel transaction.");
    public static final ConfigKey<Charset> INPUT_CHARSET = ConfigKey.of("inputCharset", ValueType.CHARSET)
            .defaultValue(StandardCharsets.UTF_8).check(TextChecks.ASCII_COMPATIBLE)
            .doc("Charset the LINE deserializer decodes files with.");
    public static final ConfigKey<String> DECODE_ERROR_POLICY = ConfigKey.of("decodeErrorPolicy",
                    ValueType.oneOf("FAIL", "REPLACE", "IGNORE")).defaultValue("FAIL")
            .doc("Bytes the input charset cannot decode: FAIL moves the file to quarantine (after the lines before "
                    + "them), REPLACE decodes them as U+FFFD, IGNORE drops them.");
    public static final ConfigKey<String> DESERIALIZER = ConfigKey.string("deserializer").defaultValue("LINE")
            .check(Check.of(Deserializers.VALID, v -> Deserializers.typeOf(v) != null))
            .doc("How a file becomes events: LINE (one per line), AVRO (one per record of an Avro container file), "
                    + "BLOB (the whole file).");
    public static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("deserializer.maxLineLength")
            .defaultValue(2048).check(Check.between(1, 1 << 26))
            .doc("LINE: longest event in characters; a longer line is split into several events.");
    public static final ConfigKey<Charset> OUTPUT_CHARSET = ConfigKey.of("deserializer.outputCharset", ValueType.CHARSET)
            .defaultValue(StandardCharsets.UTF_8).doc("LINE: charset of the event bodies.");
    public static final ConfigKey<Integer> MAX_BLOB_LENGTH = ConfigKey.integer("deserializer.maxBlobLength")
            .defaultValue(100_000_000).check(Check.atLeast(1))
            .doc("BLOB: largest event in bytes; a longer file is split into several events.");
    public static final ConfigKey<String> SCHEMA_TYPE = ConfigKey.of("deserializer.schemaType",
                    ValueType.oneOf("hash", "literal")).defaultValue("hash")
            .doc("AVRO: name the record schema in header flume.avro.schema.hash (fingerprint) or "
                    + "flume.avro.schema.literal (the JSON).");
    public static final ConfigKey<String> BUFFER_MAX_LINES = ConfigKey.string("bufferMaxLines")
            .doc("Obsolete in Flume; accepted and ignored.");
    public static final ConfigKey<Integer> BUFFER_MAX_LINE_LENGTH = ConfigKey.integer("bufferMaxLineLength")
            .check(Check.between(1, 1 << 26))
            .doc("Deprecated in Flume: with deserializer LINE, overrides deserializer.maxLineLength.");
    public static final ConfigKey<String> QUARANTINE_DIR = ConfigKey.string("quarantineDir").defaultValue(".quarantine")
            .check(Check.of("a directory path", SpoolDirectorySource::isPath))
            .doc("Sluice: where files that cannot be ingested are moved (with one ERROR line each); relative to "
                    + "spoolDir unless absolute. Keep it on spoolDir's file system.");

    public static final ConfigKey<Integer> POSITION_SYNC_INTERVAL = ConfigKey.integer("positionSyncIntervalMillis")
            .defaultValue(1000).check(Check.atLeast(0))
            .doc("Sluice: the read position is written after every committed batch (a killed agent repeats at most "
                    + "one batch) and fsynced at most this often, and when a file is done (a machine crash repeats "
                    + "at most this long's batches). 0 fsyncs every batch.");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "spooldir", SpoolDirectorySource::new)
            .flumeClass("org.apache.flume.source.SpoolDirectorySource")
            .doc("Ingests files dropped into a directory, then renames, tracks or deletes each one. At least once: "
                    + "the read position is recorded after each commit, so a crash repeats at most one batch.")
            .keys(SPOOL_DIR, FILE_SUFFIX, DELETE_POLICY, TRACKING_POLICY, TRACKER_DIR, FILE_HEADER, FILE_HEADER_KEY,
                    BASENAME_HEADER, BASENAME_HEADER_KEY, INCLUDE_PATTERN, IGNORE_PATTERN, CONSUME_ORDER, POLL_DELAY,
                    RECURSIVE, MAX_BACKOFF)
            .batchSize(BATCH_SIZE)
            .keys(INPUT_CHARSET, DECODE_ERROR_POLICY, DESERIALIZER, MAX_LINE_LENGTH, OUTPUT_CHARSET, MAX_BLOB_LENGTH,
                    SCHEMA_TYPE, BUFFER_MAX_LINES, BUFFER_MAX_LINE_LENGTH, QUARANTINE_DIR, POSITION_SYNC_INTERVAL)
            .crossCheck(SpoolDirectorySource::crossCheck)
            .resources(SpoolDirectorySource::resources)
            .build();

    private final String name;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final Path spoolDir;
    private final Path trackerDir;
    private final boolean renameCheck;
    private final Completion completion;
    private final Quarantine quarantine;
    private final SpoolScanner scanner;
    private final Deserializers deserializers;
    private final int batchSize;
    private final long pollDelayMillis;
    private final long maxBackoffMillis;
    private final long positionSyncNanos;
    private final String fileHeaderKey;
    private final String basenameHeaderKey;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    private final Deque<Candidate> queue = new ArrayDeque<>();
    /** Files confirmed done (tracker_dir), skipped without reading their marker while their stamp holds. */
    private final Map<Path, FileStamp> knownDone = new HashMap<>();
    /** Files that could not be moved to quarantine or marked done, skipped while their stamp holds. */
    private final Map<Path, FileStamp> stuck = new HashMap<>();
    private long listedAtNanos;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private SpoolPositionFile positions;
    private Reading reading;

    /** The file being read: where, its stamp when opened, its deserializer and the last committed mark. */
    private static final class Reading {
        final Path path;
        final String relative;
        final FileStamp stamp;
        final EventDeserializer deserializer;
        ReadMark committed;
        long delivered;
        boolean positionSaved;
        int readFailures;

        Reading(Path path, String relative, FileStamp stamp, EventDeserializer deserializer, ReadMark committed) {
            this.path = path;
            this.relative = relative;
            this.stamp = stamp;
            this.deserializer = deserializer;
            this.committed = committed;
        }
    }

    public SpoolDirectorySource(SourceContext ctx) {
        Settings s = ctx.settings();
        this.name = ctx.name();
        this.processor = ctx.channelProcessor();
        this.counter = ctx.counter();
        this.spoolDir = Path.of(s.require(SPOOL_DIR)).toAbsolutePath().normalize();
        this.trackerDir = spoolDir.resolve(s.get(TRACKER_DIR)).normalize();
        Path quarantineDir = spoolDir.resolve(s.get(QUARANTINE_DIR)).normalize();
        String suffix = s.get(FILE_SUFFIX);
        boolean delete = s.get(DELETE_POLICY).equalsIgnoreCase("immediate");
        boolean tracker = s.get(TRACKING_POLICY).equalsIgnoreCase("tracker_dir");
        this.completion = delete ? Completion.delete()
                : tracker ? Completion.trackerDir(spoolDir, trackerDir, suffix) : Completion.rename(suffix);
        this.renameCheck = !delete && !tracker;
        this.quarantine = new Quarantine(spoolDir, quarantineDir);
        this.scanner = new SpoolScanner(spoolDir, s.get(RECURSIVE), Pattern.compile(s.get(INCLUDE_PATTERN)),
                Pattern.compile(s.get(IGNORE_PATTERN)), suffix, Set.of(trackerDir, quarantineDir),
                SpoolScanner.Order.valueOf(s.get(CONSUME_ORDER).toUpperCase(Locale.ENGLISH)), new Random());
        Deserializers.Type type = Deserializers.typeOf(s.get(DESERIALIZER));
        int maxLineLength = s.get(BUFFER_MAX_LINE_LENGTH) != null ? s.get(BUFFER_MAX_LINE_LENGTH) : s.get(MAX_LINE_LENGTH);
        this.deserializers = new Deserializers(type, maxLineLength, s.get(INPUT_CHARSET), s.get(OUTPUT_CHARSET),
                DecodeErrorPolicy.valueOf(s.get(DECODE_ERROR_POLICY).toUpperCase(Locale.ENGLISH)),
                s.get(MAX_BLOB_LENGTH), s.get(SCHEMA_TYPE));
        this.batchSize = s.get(BATCH_SIZE);
        this.pollDelayMillis = s.get(POLL_DELAY);
        this.maxBackoffMillis = s.get(MAX_BACKOFF);
        this.positionSyncNanos = TimeUnit.MILLISECONDS.toNanos(s.get(POSITION_SYNC_INTERVAL));
        this.fileHeaderKey = s.get(FILE_HEADER) ? s.get(FILE_HEADER_KEY) : null;
        this.basenameHeaderKey = s.get(BASENAME_HEADER) ? s.get(BASENAME_HEADER_KEY) : null;
    }

    private static boolean isPath(String p) {
        try {
            Path.of(p);
            return !p.isBlank();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static List<SettingsProblem> crossCheck(Settings s) {
        List<SettingsProblem> problems = new ArrayList<>();
        boolean rename = s.get(DELETE_POLICY).equalsIgnoreCase("never") && s.get(TRACKING_POLICY).equalsIgnoreCase("rename");
        if (rename && s.get(FILE_SUFFIX).isEmpty()) {
            problems.add(new SettingsProblem(FILE_SUFFIX.name(), "must not be empty when ingested files are renamed "
                    + "(deletePolicy never, trackingPolicy rename): the new name would be the old one"));
        }
        return problems;
    }

    private static List<String> resources(Settings s) {
        if (s.get(SPOOL_DIR) == null) {
            return List.of();
        }
        Path dir = Path.of(s.get(SPOOL_DIR)).toAbsolutePath().normalize();
        Path tracker = dir.resolve(s.get(TRACKER_DIR)).normalize();
        return List.of("dir:" + dir, "dir:" + tracker);
    }

    @Override
    public synchronized void start() throws IOException {
        if (!Files.isDirectory(spoolDir)) {
            throw new IOException("spooldir source " + name + ": spoolDir " + spoolDir + " does not exist or is not a directory");
        }
        Files.createDirectories(trackerDir);
        if (renameCheck) {
            checkWritable();
        }
        positions = SpoolPositionFile.open(trackerDir.resolve(POSITION_FILE), positionSyncNanos);
        queue.clear();
        listedAtNanos = 0;
        restore();
        LOG.info("spooldir source {} watching {} ({} deserializer, completed files: {})", name, spoolDir,
                deserializers.type(), completion.describe(spoolDir.resolve("<file>")));
    }

    /** Flume's start-up canary: renaming files needs write access to the directory, better known now than per file. */
    private void checkWritable() throws IOException {
        Path canary = Files.createTempFile(spoolDir, ".sluice-spooldir-perm-check-", ".canary");
        try {
            Files.writeString(canary, "testing write access");
            if (!Files.readString(canary).equals("testing write access")) {
                throw new IOException("spooldir source " + name + ": cannot read back a file written in " + spoolDir);
            }
        } finally {
            Files.deleteIfExists(canary);
        }
    }

    /** Resumes the file named by the position file, if it is still there and unchanged. */
    private void restore() throws IOException {
        Position p = positions.current();
        if (p == null) {
            return;
        }
        Path file = spoolDir.resolve(p.relativePath());
        FileStamp now = FileStamp.of(file);
        if (now == null) {
            positions.clear();
            return;
        }
        if (!now.equals(p.stamp())) {
            moveToQuarantine(file, now, "it changed while the agent was not running (" + p.stamp().differenceTo(now)
                    + ") after events up to byte " + p.mark().offset() + " of it were delivered");
            positions.clear();
            return;
        }
        EventDeserializer d;
        try {
            d = deserializers.open(file);
        } catch (IOException e) {
            moveToQuarantine(file, now, "it cannot be read again to resume at byte " + p.mark().offset() + ": " + e);
            positions.clear();
            return;
        }
        try {
            d.seek(p.mark());
        } catch (IOException e) {
            d.close();
            moveToQuarantine(file, now, "it cannot be resumed at byte " + p.mark().offset() + ": " + e);
            positions.clear();
            return;
        }
        reading = new Reading(file, p.relativePath(), now, d, p.mark());
        reading.positionSaved = true;
        LOG.info("spooldir source {} resumes {} at byte {}", name, file, p.mark().offset());
    }

    @Override
    public synchronized Status poll() throws IOException {
        if (reading == null) {
            reading = openNext();
            if (reading == null) {
                return Status.BACKOFF;
            }
        }
        Reading r = reading;
        FileStamp now = FileStamp.of(r.path);
        if (!r.stamp.equals(now)) {
            giveUp(r, "it changed while it was being read: " + r.stamp.differenceTo(now));
            return Status.READY;
        }
        List<Event> events;
        try {
            events = r.deserializer.read(batchSize);
        } catch (DecodeException e) {
            giveUp(r, e.getMessage());
            return Status.READY;
        } catch (IOException e) {
            counter.incrementEventReadFail();
            if (++r.readFailures >= MAX_READ_FAILURES) {
                giveUp(r, "it cannot be read: " + e);
                return Status.READY;
            }
            r.deserializer.seek(r.committed);
            throw new IOException("spooldir source " + name + ": reading " + r.path + " failed (attempt " + r.readFailures
                    + " of " + MAX_READ_FAILURES + "; it is read again from the last committed position): " + e, e);
        }
        r.readFailures = 0;
        if (events.isEmpty()) {
            finish(r);
            return Status.READY;
        }
        addHeaders(r, events);
        counter.incrementAppendBatchReceived();
        try {
            processor.process(events);
        } catch (ChannelException e) {
            r.deserializer.seek(r.committed);
            long wait = Math.min(maxBackoffMillis, backoffMillis);
            refusals.warn("spooldir source {}: the channels refused a batch of {} events from {} ({}); retrying in {} ms",
                    name, events.size(), r.path, e.getMessage(), wait);
            pause(wait);
            backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
            return Status.READY;
        }
        backoffMillis = FIRST_BACKOFF_MILLIS;
        counter.incrementAppendBatchAccepted();
        r.delivered += events.size();
        r.committed = r.deserializer.mark();
        if (r.deserializer.atEnd()) {
            finish(r);
        } else {
            positions.save(new Position(r.relative, r.stamp, r.committed));
            r.positionSaved = true;
        }
        return Status.READY;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void addHeaders(Reading r, List<Event> events) {
        if (fileHeaderKey == null && basenameHeaderKey == null) {
            return;
        }
        String absolute = r.path.toString();
        String base = r.path.getFileName().toString();
        for (Event e : events) {
            if (fileHeaderKey != null) {
                e.putHeader(fileHeaderKey, absolute);
            }
            if (basenameHeaderKey != null) {
                e.putHeader(basenameHeaderKey, base);
            }
        }
    }

    /** The next file to read, opened; null when there is none now. */
    private Reading openNext() throws IOException {
        boolean listed = false;
        while (true) {
            boolean stale = scanner.order() != SpoolScanner.Order.RANDOM
                    && System.nanoTime() - listedAtNanos >= TimeUnit.MILLISECONDS.toNanos(pollDelayMillis);
            if (!listed && (queue.isEmpty() || stale)) {
                relist();
                listed = true;
            }
            Candidate c = queue.poll();
            if (c == null) {
                return null;
            }
            Reading r = open(c.path());
            if (r != null) {
                return r;
            }
        }
    }

    private void relist() throws IOException {
        List<Candidate> found = scanner.scan();
        queue.clear();
        queue.addAll(found);
        listedAtNanos = System.nanoTime();
        Set<Path> present = new HashSet<>();
        for (Candidate c : found) {
            present.add(c.path());
        }
        knownDone.keySet().retainAll(present);
        stuck.keySet().retainAll(present);
    }

    private Reading open(Path file) throws IOException {
        FileStamp stamp = FileStamp.of(file);
        if (stamp == null || stamp.equals(knownDone.get(file)) || stamp.equals(stuck.get(file))) {
            return null;
        }
        switch (completion.state(file, stamp)) {
            case DONE -> {
                knownDone.put(file, stamp);
                return null;
            }
            case REUSED -> {
                moveToQuarantine(file, stamp, "its name was already used by a file ingested earlier ("
                        + completion.describe(file) + " exists); it was not read");
                return null;
            }
            case NEW -> {
                // read it below
            }
        }
        EventDeserializer d;
        try {
            d = deserializers.open(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (DecodeException e) {
            moveToQuarantine(file, stamp, e.getMessage());
            return null;
        } catch (IOException e) {
            moveToQuarantine(file, stamp, "it cannot be read: " + e);
            return null;
        }
        return new Reading(file, spoolDir.relativize(file).toString(), stamp, d, ReadMark.START);
    }

    /** Quarantines the file being read and forgets it. */
    private void giveUp(Reading r, String why) throws IOException {
        closeReading();
        moveToQuarantine(r.path, r.stamp, why + "; " + r.delivered + " event(s) from it were delivered before");
        if (r.positionSaved) {
            positions.clear();
        }
    }

    private void moveToQuarantine(Path file, FileStamp stamp, String why) {
        counter.incrementEventReadFail();
        try {
            Path to = quarantine.move(file);
            LOG.error("spooldir source {}: moved {} to {}: {}", name, file, to, why);
        } catch (NoSuchFileException e) {
            LOG.error("spooldir source {}: {} is gone, so it could not be moved to quarantine: {}", name, file, why);
        } catch (IOException e) {
            LOG.error("spooldir source {}: {} could not be moved to {} ({}); it is skipped until it changes or the "
                    + "agent restarts: {}", name, file, quarantine.dir(), e, why);
            if (stamp != null) {
                stuck.put(file, stamp);
            }
        }
    }

    /** The file's events are all committed: check it did not change, then mark it done. */
    private void finish(Reading r) throws IOException {
        FileStamp now = FileStamp.of(r.path);
        if (!r.stamp.equals(now)) {
            giveUp(r, "it changed while it was being read: " + r.stamp.differenceTo(now));
            return;
        }
        closeReading();
        try {
            completion.complete(r.path, r.stamp);
            LOG.debug("spooldir source {}: {} done, {} event(s)", name, r.path, r.delivered);
        } catch (FileAlreadyExistsException e) {
            moveToQuarantine(r.path, r.stamp, "all " + r.delivered + " event(s) of it were delivered, but its "
                    + "completed name " + e.getFile() + " already exists (the name was reused)");
        } catch (NoSuchFileException e) {
            LOG.warn("spooldir source {}: {} disappeared before it could be marked done", name, r.path);
        } catch (IOException e) {
            counter.incrementGenericProcessingFail();
            stuck.put(r.path, r.stamp);
            LOG.error("spooldir source {}: {} was delivered ({} event(s)) but could not be marked done ({}); it is "
                    + "skipped, but a restart would deliver it again unless it is moved away", name, r.path,
                    r.delivered, e.toString());
        }
        if (r.positionSaved) {
            positions.clear();
        }
    }

    private void closeReading() {
        Reading r = reading;
        reading = null;
        if (r != null) {
            try {
                r.deserializer.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", r.path, e.toString());
            }
        }
    }

    @Override
    public long backoffSleepIncrementMillis() {
        return pollDelayMillis;
    }

    @Override
    public long maxBackoffSleepMillis() {
        return pollDelayMillis;
    }

    @Override
    public synchronized void stop() {
        closeReading();
        if (positions != null) {
            try {
                positions.close();
            } catch (IOException e) {
                LOG.warn("spooldir source {}: closing position file {}: {}", name, positions, e.toString());
            }
            positions = null;
        }
    }

    @Override
    public String toString() {
        return "SpoolDirectorySource{" + name + ", " + spoolDir + "}";
    }
}
