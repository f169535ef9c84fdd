package io.sluice.sources.local.taildir;

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
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.sources.local.files.Bytes;
import io.sluice.sources.local.taildir.FileId.Stat;
import io.sluice.sources.local.taildir.PositionFile.Entry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code TAILDIR} source (spec §4.11): follows the files of its file groups as they grow and
 * makes one event per line, remembering per file (by inode) the committed position in Flume's JSON
 * position file.
 *
 * <p>Each poll re-matches the groups (see {@link GroupMatcher}), then reads every file with new data
 * in batches of {@code batchSize} lines, one transaction per batch. A file's position advances only
 * after its batch is committed; the position file is written every {@code writePosInterval} and at
 * stop, so a crash repeats at most that interval's lines (at least once). A refused batch is read
 * again from the committed position after the runner's backoff.
 *
 * <p>Where Sluice differs from Flume, on purpose:
 * <ul>
 *   <li>A known inode under a new name keeps its position (rename rotation: no re-read from 0), and
 *       a file that leaves the pattern is read to its end while it is still open, until idle.</li>
 *   <li>A line without {@code '\n'} is never emitted from a file that may still grow; only when a
 *       rotated-away or deleted file goes idle is its unterminated last line emitted (and logged).</li>
 *   <li>Truncation is noticed also when the file grew past the old position again before the next
 *       poll (the bytes before the position are compared).</li>
 *   <li>{@code maxLineBytes} bounds a line's memory; longer lines are split, counted and logged.</li>
 *   <li>The position file is replaced atomically (temporary file, fsync, rename).</li>
 *   <li>A group without a mapping, a mapping or headers for an unlisted group are config errors.</li>
 *   <li>A file matched by two groups takes the headers of the first group in {@code filegroups} order.</li>
 * </ul>
 *
 * <p>Threads: {@link #poll()} runs on the runtime's polling thread; {@link #start()} and
 * {@link #stop()} on the runtime's thread; all three are synchronized.
 */
public final class TaildirSource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(TaildirSource.class);
    static final String BYTE_OFFSET_HEADER_KEY = "byteoffset";

    public static final ConfigKey<List<String>> FILEGROUPS = ConfigKey.list("filegroups").required()
            .check(Check.of("one or more group names", l -> !l.isEmpty()))
            .doc("Names of the file groups, separated by spaces; each needs filegroups.<name>.");
    public static final ConfigKey<String> POSITION_FILE = ConfigKey.string("positionFile")
            .defaultDescribedAs("~/.flume/taildir_position.json").check(Check.notBlank())
            .doc("JSON file (Flume's format) recording inode, committed position and path per file; its directory is "
                    + "created at start.");
    public static final ConfigKey<Boolean> SKIP_TO_END = ConfigKey.bool("skipToEnd").defaultValue(false)
            .doc("Files present at start and not in the position file are read from their end (after their last "
                    + "complete line) instead of their beginning.");
    public static final ConfigKey<Integer> IDLE_TIMEOUT = ConfigKey.integer("idleTimeout").defaultValue(120_000)
            .check(Check.atLeast(1)).doc("Milliseconds without new data after which a file is closed (reopened when it grows).");
    public static final ConfigKey<Integer> WRITE_POS_INTERVAL = ConfigKey.integer("writePosInterval").defaultValue(3000)
            .check(Check.atLeast(1)).doc("Milliseconds between writes of the position file (a crash repeats at most this much).");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100)
            .check(Check.atLeast(1)).doc("Most lines per channel transaction.");
    public static final ConfigKey<Long> MAX_BATCH_COUNT = ConfigKey.longKey("maxBatchCount").defaultValue(Long.MAX_VALUE)
            .check(Check.atLeast(1L)).doc("Most consecutive full batches from one file before the next file gets a turn.");
    public static final ConfigKey<Long> BACKOFF_SLEEP_INCREMENT = ConfigKey.longKey("backoffSleepIncrement")
            .defaultValue(1000L).check(Check.atLeast(1L))
            .doc("Milliseconds added to the wait after each consecutive poll that found nothing.");
    public static final ConfigKey<Long> MAX_BACKOFF_SLEEP = ConfigKey.longKey("maxBackoffSleep").defaultValue(5000L)
            .check(Check.atLeast(1L)).doc("Longest wait between polls that found nothing, in milliseconds.");
    public static final ConfigKey<Boolean> CACHE_PATTERN_MATCHING = ConfigKey.bool("cachePatternMatching")
            .defaultValue(true).doc("Reuse a group's directory listing until the directory changes.");
    public static final ConfigKey<Boolean> FILE_HEADER = ConfigKey.bool("fileHeader").defaultValue(false)
            .doc("Add the file's absolute path as a header.");
    public static final ConfigKey<String> FILE_HEADER_KEY = ConfigKey.string("fileHeaderKey").defaultValue("file")
            .doc("Header name for the path.");
    public static final ConfigKey<Boolean> BYTE_OFFSET_HEADER = ConfigKey.bool("byteOffsetHeader").defaultValue(false)
            .doc("Add header byteoffset: the byte offset of the line's start in its file.");
    public static final ConfigKey<Integer> MAX_LINE_BYTES = ConfigKey.integer("maxLineBytes").defaultValue(1 << 20)
            .check(Check.between(1, 1 << 28))
            .doc("Sluice: longest event in bytes; a longer line is split into several events (counted and logged).");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "taildir", TaildirSource::new)
            .flumeClass("org.apache.flume.source.taildir.TaildirSource")
            .doc("Follows growing files matched by file groups (directory + file name regex), one event per line, "
                    + "through renames and truncation; positions are kept in Flume's JSON position file.")
            .keys(FILEGROUPS, POSITION_FILE, SKIP_TO_END, IDLE_TIMEOUT, WRITE_POS_INTERVAL)
            .batchSize(BATCH_SIZE)
            .keys(MAX_BATCH_COUNT, BACKOFF_SLEEP_INCREMENT, MAX_BACKOFF_SLEEP, CACHE_PATTERN_MATCHING, FILE_HEADER,
                    FILE_HEADER_KEY, BYTE_OFFSET_HEADER, MAX_LINE_BYTES)
            .prefix("filegroups.")
            .prefix("headers.")
            .crossCheck(s -> FileGroup.parse(s, s.get(FILEGROUPS)).problems())
            .resources(s -> List.of("file:" + positionFile(s)))
            .build();

    private enum Outcome { NOTHING, DELIVERED, MORE, REFUSED }

    private final String name;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final List<GroupMatcher> matchers = new ArrayList<>();
    private final Path positionFile;
    private final boolean skipToEnd;
    private final long idleTimeoutNanos;
    private final long writePosIntervalNanos;
    private final int batchSize;
    private final long maxBatchCount;
    private final long backoffIncrement;
    private final long maxBackoff;
    private final String fileHeaderKey;
    private final boolean byteOffsetHeader;
    private final int maxLineBytes;
    private final RateLimitedLog problems = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final TailFile.Events events = this::event;

    private final Map<FileId, TailFile> files = new LinkedHashMap<>();
    private Map<Long, Entry> restored = Map.of();
    private boolean firstScan;
    private long lastPositionWriteNanos;
    private List<Entry> lastWritten = List.of();
    private boolean started;

    public TaildirSource(SourceContext ctx) {
        Settings s = ctx.settings();
        this.name = ctx.name();
        this.processor = ctx.channelProcessor();
        this.counter = ctx.counter();
        boolean cache = s.get(CACHE_PATTERN_MATCHING);
        for (FileGroup g : FileGroup.parse(s, s.require(FILEGROUPS)).groups()) {
            matchers.add(new GroupMatcher(g, cache));
        }
        this.positionFile = positionFile(s);
        this.skipToEnd = s.get(SKIP_TO_END);
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(s.get(IDLE_TIMEOUT));
        this.writePosIntervalNanos = TimeUnit.MILLISECONDS.toNanos(s.get(WRITE_POS_INTERVAL));
        this.batchSize = s.get(BATCH_SIZE);
        this.maxBatchCount = s.get(MAX_BATCH_COUNT);
        this.backoffIncrement = s.get(BACKOFF_SLEEP_INCREMENT);
        this.maxBackoff = s.get(MAX_BACKOFF_SLEEP);
        this.fileHeaderKey = s.get(FILE_HEADER) ? s.get(FILE_HEADER_KEY) : null;
        this.byteOffsetHeader = s.get(BYTE_OFFSET_HEADER);
        this.maxLineBytes = s.get(MAX_LINE_BYTES);
    }

    private static Path positionFile(Settings s) {
        String configured = s.get(POSITION_FILE);
        Path p = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".flume", "taildir_position.json");
        return p.toAbsolutePath().normalize();
    }

    @Override
    public synchronized void start() throws IOException {
        for (GroupMatcher m : matchers) {
            if (!Files.isDirectory(m.group().directory())) {
                throw new IOException("taildir source " + name + ": directory " + m.group().directory() + " of file group "
                        + m.group().name() + " does not exist");
            }
        }
        Files.createDirectories(positionFile.getParent());
        Map<Long, Entry> byInode = new HashMap<>();
        for (Entry e : PositionFile.read(positionFile)) {
            byInode.putIfAbsent(e.inode(), e);
        }
        restored = byInode;
        files.clear();
        firstScan = true;
        lastWritten = List.of();
        lastPositionWriteNanos = System.nanoTime();
        started = true;
        LOG.info("taildir source {} tailing {} file group(s); positions in {} ({} known)", name, matchers.size(),
                positionFile, byInode.size());
    }

    @Override
    public synchronized Status poll() throws IOException {
        if (!started) {
            return Status.BACKOFF;
        }
        scan();
        boolean delivered = false;
        for (TailFile tf : new ArrayList<>(files.values())) {
            long splitBefore = tf.splitLines();
            Outcome o;
            try {
                o = tail(tf);
            } catch (IOException e) {
                counter.incrementEventReadFail();
                problems.warn("taildir source {}: reading {} failed, it is retried at the next poll: {}", name, tf, e.toString());
                tf.close();
                continue;
            }
            if (tf.splitLines() > splitBefore) {
                problems.warn("taildir source {}: {} line(s) of {} were longer than maxLineBytes ({}) and were split "
                        + "({} in this file so far)", name, tf.splitLines() - splitBefore, tf.path, maxLineBytes,
                        tf.splitLines());
            }
            if (o == Outcome.REFUSED) {
                return Status.BACKOFF;
            }
            delivered |= o != Outcome.NOTHING;
        }
        closeIdle();
        if (System.nanoTime() - lastPositionWriteNanos >= writePosIntervalNanos) {
            writePositions();
        }
        return delivered ? Status.READY : Status.BACKOFF;
    }

    /** Matches the groups again: new files, renamed files, files that left the patterns. */
    private void scan() throws IOException {
        Set<FileId> seen = new HashSet<>();
        for (GroupMatcher m : matchers) {
            for (Path p : m.matching()) {
                Stat st;
                try {
                    st = FileId.stat(p);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (!seen.add(st.id())) {
                    continue;
                }
                TailFile tf = files.get(st.id());
                if (tf == null) {
                    tf = new TailFile(st.id(), p, m.group(), initialPosition(p, st), maxLineBytes);
                    files.put(st.id(), tf);
                } else if (!tf.path.equals(p)) {
                    tf = follow(tf, p, st, m.group());
                }
                tf.matched = true;
                tf.statSize = st.size();
                tf.statModifiedMillis = st.modifiedMillis();
            }
        }
        for (Iterator<TailFile> it = files.values().iterator(); it.hasNext(); ) {
            TailFile tf = it.next();
            if (!seen.contains(tf.id)) {
                tf.matched = false;
                if (!tf.isOpen() && !reopenRenamed(tf)) {
                    it.remove();
                    LOG.info("taildir source {}: {} no longer matches any file group; stopped following it", name, tf);
                }
            }
        }
        firstScan = false;
        restored = Map.of();
    }

    /**
     * A file closed while idle has left the patterns: if it was renamed within its directory (the
     * usual rotation), reopen it there so data written just before the rotation is still read.
     */
    private boolean reopenRenamed(TailFile tf) throws IOException {
        Path dir = tf.path.getParent();
        List<Path> candidates = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(dir)) {
            entries.forEach(candidates::add);
        } catch (NoSuchFileException e) {
            return false;
        }
        for (Path p : candidates) {
            Stat st;
            try {
                st = FileId.stat(p);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (!st.id().equals(tf.id)) {
                continue;
            }
            Path old = tf.path;
            tf.path = p;
            tf.open();
            if (tf.pos <= st.size() && tf.unchangedBeforePosition()) {
                tf.lastActivityNanos = System.nanoTime();
                LOG.info("taildir source {}: {} was renamed to {}; reading it to its end from byte {}", name, old, p, tf.pos);
                return true;
            }
            tf.close();
            return false;
        }
        return false;
    }

    /** A tracked inode showed up under another name, at runtime. */
    private TailFile follow(TailFile tf, Path p, Stat st, FileGroup group) throws IOException {
        Path old = tf.path;
        if (tf.isOpen()) {
            // The open handle keeps the inode alive, so this is the same file, renamed.
            tf.path = p;
            LOG.info("taildir source {}: {} was renamed to {}; continuing at byte {}", name, old, p, tf.pos);
            return tf;
        }
        tf.path = p;
        try {
            tf.open();
            if (tf.pos <= st.size() && tf.unchangedBeforePosition()) {
                LOG.info("taildir source {}: {} was renamed to {}; continuing at byte {}", name, old, p, tf.pos);
                return tf;
            }
        } finally {
            tf.close();
        }
        // Closed files do not pin their inode: this one was reused by a different file.
        TailFile fresh = new TailFile(st.id(), p, group, 0, maxLineBytes);
        files.put(st.id(), fresh);
        return fresh;
    }

    private long initialPosition(Path p, Stat st) throws IOException {
        if (!firstScan) {
            return 0;
        }
        Entry e = restored.get(st.id().inode());
        if (e != null) {
            if (e.pos() > st.size()) {
                LOG.warn("taildir source {}: position {} of {} is beyond its size {} (truncated while the agent was "
                        + "down); reading it from the start", name, e.pos(), p, st.size());
                return 0;
            }
            if (e.file().equals(p.toString())) {
                return e.pos();
            }
            if (endsALine(p, e.pos())) {
                LOG.info("taildir source {}: {} was renamed to {} while the agent was down; continuing at byte {}",
                        name, e.file(), p, e.pos());
                return e.pos();
            }
        }
        return skipToEnd ? endOfLastLine(p, st.size()) : 0;
    }

    /** Whether a position could be a line start of {@code p}: 0, or just after a newline. */
    private static boolean endsALine(Path p, long pos) throws IOException {
        if (pos == 0) {
            return true;
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            f.seek(pos - 1);
            return f.read() == '\n';
        }
    }

    private long endOfLastLine(Path p, long size) throws IOException {
        int look = (int) Math.min(size, maxLineBytes + 1L);
        byte[] tail = new byte[look];
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            f.seek(size - look);
            f.readFully(tail);
        }
        int nl = Bytes.lastIndexOfNewline(tail, 0, look);
        return nl >= 0 ? size - look + nl + 1 : (look == size ? 0 : size);
    }

    /** Reads what is new in one file, batch by batch. */
    private Outcome tail(TailFile tf) throws IOException {
        long size;
        long modified;
        if (tf.isOpen()) {
            size = tf.openLength();
            modified = tf.matched ? tf.statModifiedMillis : tf.lastModifiedMillis;
        } else if (tf.matched) {
            size = tf.statSize;
            modified = tf.statModifiedMillis;
        } else {
            return Outcome.NOTHING;
        }
        boolean touched = size != tf.lastSize || modified != tf.lastModifiedMillis;
        if (!touched && !tf.unfinished) {
            return Outcome.NOTHING;
        }
        tf.unfinished = false;
        if (size != tf.lastSize) {
            tf.lastActivityNanos = System.nanoTime();
        }
        tf.open();
        if (size < tf.pos) {
            LOG.warn("taildir source {}: {} is now {} bytes, shorter than the position {}: it was truncated; reading it "
                    + "from the start", name, tf.path, size, tf.pos);
            tf.restartFromZero();
        } else if (touched && !tf.unchangedBeforePosition()) {
            LOG.warn("taildir source {}: the bytes before position {} of {} changed (truncated and written again?); "
                    + "reading it from the start", name, tf.pos, tf.path);
            tf.restartFromZero();
        }
        tf.lastSize = size;
        tf.lastModifiedMillis = modified;
        Outcome outcome = Outcome.NOTHING;
        for (long batches = 0; ; ) {
            List<Event> batch = tf.read(batchSize, events);
            if (batch.isEmpty()) {
                return outcome;
            }
            if (!deliver(tf, batch)) {
                tf.unfinished = true;
                return Outcome.REFUSED;
            }
            outcome = Outcome.DELIVERED;
            if (batch.size() < batchSize) {
                return outcome;
            }
            if (++batches >= maxBatchCount) {
                tf.unfinished = true;
                return Outcome.MORE;
            }
        }
    }

    private boolean deliver(TailFile tf, List<Event> batch) throws IOException {
        counter.incrementAppendBatchReceived();
        try {
            processor.process(batch);
        } catch (ChannelException e) {
            tf.rewind();
            problems.warn("taildir source {}: the channels refused a batch of {} lines from {} ({}); it is read again "
                    + "after a backoff", name, batch.size(), tf.path, e.getMessage());
            return false;
        }
        tf.commit();
        counter.incrementAppendBatchAccepted();
        return true;
    }

    /** Closes files idle for idleTimeout; one that left the patterns is finished (its last partial line too) and dropped. */
    private void closeIdle() throws IOException {
        long now = System.nanoTime();
        for (Iterator<TailFile> it = files.values().iterator(); it.hasNext(); ) {
            TailFile tf = it.next();
            if (!tf.isOpen() || now - tf.lastActivityNanos < idleTimeoutNanos) {
                continue;
            }
            if (tf.matched) {
                tf.close();
                continue;
            }
            if (finish(tf)) {
                tf.close();
                it.remove();
                LOG.info("taildir source {}: {} was rotated away or deleted and is idle; finished with it at byte {}",
                        name, tf.path, tf.pos);
            }
        }
    }

    /** Delivers the rest of a file that will not grow any more; false if the channels refused it (tried again later). */
    private boolean finish(TailFile tf) throws IOException {
        while (true) {
            List<Event> batch = tf.readToEnd(batchSize, events);
            if (batch.isEmpty()) {
                return true;
            }
            long partial = batch.get(batch.size() - 1).body().length;
            if (!deliver(tf, batch)) {
                return false;
            }
            if (batch.size() < batchSize) {
                LOG.info("taildir source {}: delivered the unterminated last line ({} bytes) of {}", name, partial, tf.path);
                return true;
            }
        }
    }

    private Event event(TailFile tf, byte[] body, long offset) {
        Event e = Event.of(body);
        for (Map.Entry<String, String> h : tf.groupHeaders().entrySet()) {
            e.putHeader(h.getKey(), h.getValue());
        }
        if (fileHeaderKey != null) {
            e.putHeader(fileHeaderKey, tf.path.toString());
        }
        if (byteOffsetHeader) {
            e.putHeader(BYTE_OFFSET_HEADER_KEY, Long.toString(offset));
        }
        return e;
    }

    private void writePositions() {
        List<Entry> entries = new ArrayList<>(files.size());
        for (TailFile tf : files.values()) {
            entries.add(new Entry(tf.id.inode(), tf.pos, tf.path.toString()));
        }
        lastPositionWriteNanos = System.nanoTime();
        if (entries.equals(lastWritten)) {
            return;
        }
        try {
            PositionFile.write(positionFile, entries);
            lastWritten = entries;
        } catch (IOException e) {
            counter.incrementGenericProcessingFail();
            problems.warn("taildir source {}: could not write position file {}: {}", name, positionFile, e.toString());
        }
    }

    @Override
    public long backoffSleepIncrementMillis() {
        return backoffIncrement;
    }

    @Override
    public long maxBackoffSleepMillis() {
        return maxBackoff;
    }

    @Override
    public synchronized void stop() {
        if (started) {
            writePositions();
        }
        for (TailFile tf : files.values()) {
            tf.close();
        }
        files.clear();
        started = false;
    }

    @Override
    public String toString() {
        return "TaildirSource{" + name + "}";
    }
}
