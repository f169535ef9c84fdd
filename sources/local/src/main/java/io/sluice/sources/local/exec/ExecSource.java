package io.sluice.sources.local.exec;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.api.config.ValueType;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.api.util.RateLimitedLog;
import io.sluice.sources.local.files.TextChecks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exec} source (spec §4.9): runs a command and makes one event per line of its standard
 * output; standard error is always read (so the command never blocks on it) and logged with
 * {@code logStdErr}. With {@code restart}, the command is run again {@code restartThrottle} ms after
 * it ends.
 *
 * <p>Threads: a reading thread runs the command and cuts its output into lines
 * ({@link LineSplitter}); a committing thread takes them in batches of {@code batchSize} (or fewer
 * once the oldest has waited {@code batchTimeout}) and hands them to the channel processor. A
 * bounded {@link LineQueue} sits between them. {@link #start()} and {@link #stop()} are called by
 * the runtime from one thread.
 *
 * <p>Delivery: none guaranteed, as in Flume: the command cannot be asked to send a line again, so
 * lines it wrote are lost if the agent crashes before they are committed, and lines still in its
 * own buffers when it is stopped never arrive. Where Sluice differs from Flume, on purpose:
 * <ul>
 *   <li>A full channel never kills the command or drops a batch: the batch is retried with backoff
 *       (250 ms doubling to 5 s, counted in ChannelWriteFail), the queue fills, reading stops, and the
 *       command blocks on its pipe.</li>
 *   <li>At stop the command (and every process it started) is ended first, then what it had written
 *       is read and delivered for up to {@link #STOP_TIMEOUT_MILLIS} ms. Lines that still could not
 *       be delivered are counted in GenericProcessingFail and logged with their number.</li>
 *   <li>A command that ends without {@code restart} is logged at WARN with its exit code; the argument
 *       list is logged at INFO on every run (the no-shell split on whitespace breaks quoting).</li>
 *   <li>{@code maxLineBytes} bounds a line's memory; longer lines are split and counted.</li>
 * </ul>
 */
public final class ExecSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSource.class);
    /** How long stop waits for the command's remaining output to be read and delivered. */
    static final long STOP_TIMEOUT_MILLIS = 5000;
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final int READ_BYTES = 64 * 1024;
    private static final long QUEUE_BYTES = 8L << 20;

    public static final ConfigKey<String> COMMAND = ConfigKey.string("command").required().check(Check.notBlank())
            .doc("The command to run. Without shell it is split on whitespace (no quoting) and run directly.");
    public static final ConfigKey<String> SHELL = ConfigKey.string("shell").check(Check.notBlank())
            .doc("A shell to run the command with, e.g. /bin/sh -c: split on whitespace, the command is its last argument "
                    + "(so pipes, wildcards and quoting work).");
    public static final ConfigKey<Boolean> RESTART = ConfigKey.bool("restart").defaultValue(false)
            .doc("Run the command again when it ends.");
    public static final ConfigKey<Long> RESTART_THROTTLE = ConfigKey.longKey("restartThrottle").defaultValue(10_000L)
            .check(Check.atLeast(0L)).doc("Milliseconds to wait before running the command again.");
    public static final ConfigKey<Boolean> LOG_STDERR = ConfigKey.bool("logStdErr").defaultValue(false)
            .doc("Log each line the command writes to standard error (it is always read, never turned into events).");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(20)
            .check(Check.atLeast(1)).doc("Most lines per channel transaction.");
    public static final ConfigKey<Long> BATCH_TIMEOUT = ConfigKey.longKey("batchTimeout").defaultValue(3000L)
            .check(Check.atLeast(1L)).doc("Milliseconds after which a smaller batch is handed on rather than waiting to fill.");
    public static final ConfigKey<Charset> CHARSET = ConfigKey.of("charset", ValueType.CHARSET)
            .defaultValue(StandardCharsets.UTF_8).check(TextChecks.ASCII_COMPATIBLE)
            .doc("Charset of the command's output and of the event bodies.");
    public static final ConfigKey<Integer> MAX_LINE_BYTES = ConfigKey.integer("maxLineBytes").defaultValue(1 << 20)
            .check(Check.between(1, 1 << 28))
            .doc("Sluice: longest event in bytes; a longer line is split into several events (counted and logged).");

    public static final ComponentSpec<SourceContext, Source> SPEC = ComponentSpec
            .<SourceContext, Source>builder(Kind.SOURCE, "exec", ExecSource::new)
            .flumeClass("org.apache.flume.source.ExecSource")
            .doc("Runs a command and turns each line of its standard output into an event.")
            .keys(COMMAND, SHELL, RESTART, RESTART_THROTTLE, LOG_STDERR)
            .batchSize(BATCH_SIZE)
            .keys(BATCH_TIMEOUT, CHARSET, MAX_LINE_BYTES)
            .note("exec gives no delivery guarantee (as in Flume): the command cannot be asked to send a line again, "
                    + "so lines not yet committed when the agent crashes or stops are lost. Sluice counts the lines it "
                    + "could not deliver (GenericProcessingFail) and logs them; use spooldir or taildir to read files "
                    + "reliably.")
            .build();

    private final String name;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final List<String> argv;
    private final boolean restart;
    private final long restartThrottleMillis;
    private final boolean logStdErr;
    private final int batchSize;
    private final long batchTimeoutNanos;
    private final Charset charset;
    private final int maxLineBytes;
    private final long stopTimeoutMillis;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    private final RateLimitedLog splits = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

    private volatile boolean stopping;
    /** Set when stop's time is up: the committer stops retrying and counts what it holds as lost. */
    private volatile boolean givingUp;
    private volatile CountDownLatch stopped;
    private volatile Process process;
    private LineQueue queue;
    private Thread reader;
    private Thread committer;
    private final AtomicLong lostInFlight = new AtomicLong();

    public ExecSource(SourceContext ctx) {
        this(ctx, STOP_TIMEOUT_MILLIS);
    }

    /** For tests that exercise the stop timeout without waiting the full five seconds. */
    ExecSource(SourceContext ctx, long stopTimeoutMillis) {
        Settings s = ctx.settings();
        this.stopTimeoutMillis = stopTimeoutMillis;
        this.name = ctx.name();
        this.processor = ctx.channelProcessor();
        this.counter = ctx.counter();
        this.argv = argv(s.require(COMMAND), s.get(SHELL));
        this.restart = s.get(RESTART);
        this.restartThrottleMillis = s.get(RESTART_THROTTLE);
        this.logStdErr = s.get(LOG_STDERR);
        this.batchSize = s.get(BATCH_SIZE);
        this.batchTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(s.get(BATCH_TIMEOUT));
        this.charset = s.get(CHARSET);
        this.maxLineBytes = s.get(MAX_LINE_BYTES);
    }

    /** Flume's argument list: the shell's words plus the command as one argument, or the command's words. */
    static List<String> argv(String command, String shell) {
        List<String> out = new ArrayList<>();
        if (shell != null) {
            out.addAll(Arrays.asList(shell.trim().split("\\s+")));
            out.add(command);
        } else {
            out.addAll(Arrays.asList(command.trim().split("\\s+")));
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized void start() {
        if (reader != null) {
            throw new IllegalStateException("exec source " + name + " is already started");
        }
        stopping = false;
        givingUp = false;
        stopped = new CountDownLatch(1);
        lostInFlight.set(0);
        queue = new LineQueue(Math.max(2 * batchSize, 1024), QUEUE_BYTES);
        reader = new Thread(this::runCommands, "exec-" + name);
        committer = new Thread(this::commitLines, "exec-" + name + "-commit");
        committer.start();
        reader.start();
    }

    private void runCommands() {
        LineSplitter splitter = new LineSplitter(charset, maxLineBytes);
        try {
            while (!stopping) {
                runOnce(splitter);
                if (!restart || stopping || stopped.await(restartThrottleMillis, TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // stop() ran out of patience; what was read is in the queue
        } finally {
            queue.close();
        }
    }

    private void runOnce(LineSplitter splitter) throws InterruptedException {
        Process p;
        LOG.info("exec source {} runs {}", name, argv);
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            LOG.error("exec source {} could not run {}: {}{}", name, argv, e.getMessage(),
                    restart ? "; trying again in " + restartThrottleMillis + " ms" : "; it produces nothing more");
            return;
        }
        process = p;
        if (stopping) {
            // stop() looked for a process before this one was known: end it here.
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        Thread stderr = new Thread(() -> drainStderr(p.getErrorStream()), "exec-" + name + "-stderr");
        stderr.setDaemon(true);
        stderr.start();
        long splitBefore = splitter.splitLines();
        try (InputStream out = p.getInputStream()) {
            byte[] buf = new byte[READ_BYTES];
            List<byte[]> lines = new ArrayList<>();
            int n;
            while ((n = read(out, buf)) > 0) {
                splitter.feed(buf, 0, n, lines);
                put(lines);
                lines.clear();
                if (splitter.splitLines() > splitBefore) {
                    splits.warn("exec source {}: {} line(s) longer than maxLineBytes ({}) were split so far", name,
                            splitter.splitLines(), maxLineBytes);
                    splitBefore = splitter.splitLines();
                }
            }
            splitter.finish(lines);
            put(lines);
        } catch (IOException e) {
            LOG.debug("exec source {}: closing the output of {}: {}", name, argv, e.toString());
        }
        int code = p.waitFor();
        stderr.join(1000);
        process = null;
        if (stopping) {
            LOG.info("exec source {}: {} ended with exit code {} at stop", name, argv, code);
        } else if (restart) {
            LOG.info("exec source {}: {} ended with exit code {}; running it again in {} ms", name, argv, code,
                    restartThrottleMillis);
        } else {
            LOG.warn("exec source {}: {} ended with exit code {}; restart is false, so this source produces nothing more",
                    name, argv, code);
        }
    }

    /** Hands lines to the committer; if stop interrupts the wait, they are counted as lost. */
    private void put(List<byte[]> lines) throws InterruptedException {
        try {
            queue.putAll(lines);
        } catch (InterruptedException e) {
            lostInFlight.addAndGet(lines.size());
            throw e;
        }
    }

    /** A read that fails because the process went away is the end of its output. */
    private static int read(InputStream in, byte[] buf) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            return -1;
        }
    }

    private void drainStderr(InputStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, charset))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (logStdErr) {
                    LOG.info("exec source {} stderr: {}", name, line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    private void commitLines() {
        try {
            List<byte[]> lines;
            while ((lines = queue.take(batchSize, batchTimeoutNanos)) != null) {
                if (!lines.isEmpty()) {
                    deliver(lines);
                }
            }
        } catch (InterruptedException e) {
            // stop() gave up waiting; the queue was abandoned and counts what it held
        }
    }

    private void deliver(List<byte[]> lines) throws InterruptedException {
        List<Event> events = new ArrayList<>(lines.size());
        for (byte[] l : lines) {
            events.add(Event.of(l));
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                processor.process(events);
                return;
            } catch (ChannelException e) {
                if (givingUp || Thread.currentThread().isInterrupted()) {
                    lostInFlight.addAndGet(events.size());
                    throw new InterruptedException();
                }
                refusals.warn("exec source {}: the channels refused a batch of {} lines ({}); retrying in {} ms, "
                        + "reading from the command waits meanwhile", name, events.size(), e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    lostInFlight.addAndGet(events.size());
                    throw ie;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (reader == null) {
            return;
        }
        stopping = true;
        stopped.countDown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopTimeoutMillis);
        // End the command first; what it already wrote is still read from the pipe and delivered.
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        join(reader, deadline);
        if (reader.isAlive()) {
            Process still = process;
            if (still != null) {
                still.descendants().forEach(ProcessHandle::destroyForcibly);
                still.destroyForcibly();
            }
            reader.interrupt();
            join(reader, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        queue.close();
        join(committer, deadline);
        if (committer.isAlive()) {
            givingUp = true;
            queue.abandon();
            committer.interrupt();
            join(committer, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        long lost = queue.dropped() + lostInFlight.get();
        if (lost > 0) {
            for (long i = 0; i < lost; i++) {
                counter.incrementGenericProcessingFail();
            }
            LOG.warn("exec source {}: {} line(s) read from {} could not be delivered before the stop timeout of {} ms "
                    + "(the channels did not accept them); they are lost", name, lost, argv, stopTimeoutMillis);
        }
        LOG.info("exec source {} stopped", name);
        reader = null;
        committer = null;
        process = null;
    }

    private static void join(Thread t, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ExecSource{" + name + ", " + argv + "}";
    }
}
