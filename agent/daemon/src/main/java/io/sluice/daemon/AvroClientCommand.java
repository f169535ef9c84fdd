package io.sluice.daemon;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.api.Event;
import io.sluice.rpc.RpcClientConfig;
import io.sluice.rpc.RpcException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code agent avro-client}: Flume's {@code flume-ng avro-client} (spec §2.2). Sends each line of a
 * file, of every file of a directory, or of standard input as one event to an Avro source, in
 * {@code appendBatch} calls; the line terminator ({@code \n}, {@code \r\n} or {@code \r}) is
 * dropped and the line's bytes are the body as they are. {@code -R} names a properties file whose
 * entries become headers of every event; {@code -P} a Flume RPC client properties file (hosts,
 * failover or load balancing, batch size, timeouts, compression, TLS) instead of {@code -H}/{@code -p}.
 * With {@code --dirname}, each file is renamed with the suffix {@code .COMPLETED} once all its lines
 * were accepted; a file cut short by a failure keeps its name and is sent whole by the next run.
 *
 * <p>Unlike Flume's client it stops at the first batch no source accepts and exits 1 (Flume logs
 * and exits 0), an unreadable header or properties file is an error (Flume sends no headers), and
 * the default batch is 100 events (Flume's is 5; {@code --batch-size} sets it). Exit codes: 0 every
 * line accepted, 1 a delivery failed, 2 usage.
 */
final class AvroClientCommand {
    static final String COMPLETED_SUFFIX = ".COMPLETED";

    static final Options OPTIONS = new Options()
            .addOption(Option.builder("H").longOpt("host").hasArg().argName("host").desc("Avro source host").build())
            .addOption(Option.builder("p").longOpt("port").hasArg().argName("port").desc("Avro source port").build())
            .addOption(Option.builder("P").longOpt("rpcProps").hasArg().argName("file")
                    .desc("Flume RPC client properties file (hosts, client.type, batch-size, ...); instead of -H/-p").build())
            .addOption(Option.builder("F").longOpt("filename").hasArg().argName("file")
                    .desc("file to send, one event per line (default: standard input)").build())
            .addOption(Option.builder().longOpt("dirname").hasArg().argName("dir")
                    .desc("send every file of this directory, oldest first, renaming each to *" + COMPLETED_SUFFIX
                            + " once sent").build())
            .addOption(Option.builder("R").longOpt("headerFile").hasArg().argName("file")
                    .desc("properties file; each key=value becomes a header of every event").build())
            .addOption(Option.builder().longOpt("batch-size").hasArg().argName("n")
                    .desc("events per appendBatch call (default 100, or the -P file's batch-size)").build())
            .addOption(Option.builder("h").longOpt("help").desc("print this help").build());

    private AvroClientCommand() {
    }

    static int run(String[] args) {
        return run(args, System.in, System.out, System.err);
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        CommandLine cl;
        RpcClientProperties target;
        int batchSize;
        try {
            cl = new DefaultParser().parse(OPTIONS, args);
            if (cl.hasOption("h")) {
                out.println(help());
                return 0;
            }
            if (!cl.getArgList().isEmpty()) {
                throw new ParseException("unexpected argument(s): " + String.join(" ", cl.getArgList()));
            }
            if (cl.hasOption("F") && cl.hasOption("dirname")) {
                throw new ParseException("--filename and --dirname cannot be used together");
            }
            target = target(cl);
            batchSize = cl.hasOption("batch-size") ? number(cl.getOptionValue("batch-size"), "--batch-size", 1,
                    Integer.MAX_VALUE) : target.batchSize();
        } catch (ParseException e) {
            err.println("error: " + e.getMessage());
            err.println(help());
            return Main.EXIT_CONFIG;
        }
        Map<String, String> headers;
        try {
            headers = cl.hasOption("R") ? headers(Path.of(cl.getOptionValue("R"))) : Map.of();
        } catch (IOException e) {
            err.println("error: cannot read header file " + cl.getOptionValue("R") + ": " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        NioEventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("avro-client", true));
        LineSender sender = null;
        try (AvroDelivery delivery = new AvroDelivery(target.hosts(), target.balances(), target.maxAttempts(), group)) {
            sender = new LineSender(delivery, headers, batchSize);
            if (cl.hasOption("dirname")) {
                for (Path file : spoolFiles(Path.of(cl.getOptionValue("dirname")))) {
                    try (InputStream in = Files.newInputStream(file)) {
                        sender.send(in);
                    }
                    Path done = file.resolveSibling(file.getFileName() + COMPLETED_SUFFIX);
                    Files.move(file, done);
                    err.println("Sent " + file + ", renamed to " + done.getFileName());
                }
            } else {
                try (InputStream in = cl.hasOption("F") ? Files.newInputStream(Path.of(cl.getOptionValue("F"))) : stdin) {
                    sender.send(in);
                }
            }
            err.println("Sent " + sender.sent + " events to " + delivery.address());
            return 0;
        } catch (IOException e) {
            err.println("error: " + e.getMessage() + "; " + (sender == null ? 0 : sender.sent) + " events were accepted");
            return Main.EXIT_FAILURE;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
        }
    }

    /** Where to send: -P's file, or -H and -p (one host). */
    private static RpcClientProperties target(CommandLine cl) throws ParseException {
        if (cl.hasOption("P")) {
            if (cl.hasOption("H") || cl.hasOption("p")) {
                throw new ParseException("--rpcProps names the hosts; leave out --host and --port");
            }
            try {
                return RpcClientProperties.load(Path.of(cl.getOptionValue("P")));
            } catch (IOException e) {
                throw new ParseException("cannot read --rpcProps file " + cl.getOptionValue("P") + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ParseException(e.getMessage());
            }
        }
        if (!cl.hasOption("H") || !cl.hasOption("p")) {
            throw new ParseException("either --rpcProps or both --host and --port must be specified");
        }
        RpcClientConfig host = RpcClientConfig.plain(cl.getOptionValue("H"), number(cl.getOptionValue("p"), "--port", 1, 65535));
        return new RpcClientProperties("default", List.of(host), 100, 1);
    }

    /**
     * The files --dirname sends, oldest first (Flume's spooling default): regular files, except
     * hidden ones and those already sent.
     */
    static List<Path> spoolFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path f : (Iterable<Path>) listing::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.startsWith(".") && !name.endsWith(COMPLETED_SUFFIX)) {
                    files.add(f);
                }
            }
        }
        Map<Path, FileTime> modified = new HashMap<>();
        for (Path f : files) {
            modified.put(f, Files.getLastModifiedTime(f));
        }
        files.sort(Comparator.comparing((Path f) -> modified.get(f)).thenComparing(Path::getFileName));
        return files;
    }

    /** Turns lines into batches and sends them, counting what was accepted. Not thread-safe. */
    private static final class LineSender {
        private final AvroDelivery delivery;
        private final Map<String, String> headers;
        private final int batchSize;
        private final List<Event> batch;
        long sent;

        LineSender(AvroDelivery delivery, Map<String, String> headers, int batchSize) {
            this.delivery = delivery;
            this.headers = headers;
            this.batchSize = batchSize;
            this.batch = new ArrayList<>(Math.min(batchSize, 10_000));
        }

        void send(InputStream in) throws IOException {
            LineReader lines = new LineReader(in);
            for (byte[] line = lines.next(); line != null; line = lines.next()) {
                batch.add(headers.isEmpty() ? Event.of(line) : Event.of(headers, line));
                if (batch.size() == batchSize) {
                    flush();
                }
            }
            flush();
        }

        private void flush() throws RpcException {
            if (batch.isEmpty()) {
                return;
            }
            try {
                delivery.send(batch);
            } catch (RpcException e) {
                throw new RpcException("the batch of events " + (sent + 1) + " to " + (sent + batch.size())
                        + " was not accepted: " + e.getMessage(), e);
            }
            sent += batch.size();
            batch.clear();
        }
    }

    private static Map<String, String> headers(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    private static int number(String text, String option, int min, int max) throws ParseException {
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                throw new ParseException(option + " must be from " + min + " to " + max + ", got " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ParseException(option + " needs a whole number, got " + text);
        }
    }

    static String help() {
        StringWriter out = new StringWriter();
        new HelpFormatter().printHelp(new PrintWriter(out, true), 100,
                "agent avro-client (-H HOST -p PORT | -P RPCPROPS) [-F FILE | --dirname DIR] [-R HEADERFILE] [--batch-size N]",
                "Sends each line of FILE, of each file in DIR, or of standard input as an event to an Avro source.",
                OPTIONS, 2, 4, "");
        return out.toString();
    }

    /** Splits a byte stream into lines at \n, \r\n or \r, without decoding them. Not thread-safe. */
    static final class LineReader {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private int pushedBack = -2;

        LineReader(InputStream in) {
            this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        }

        /** The next line's bytes, or null at the end (a last line without terminator is still a line). */
        byte[] next() throws IOException {
            line.reset();
            int c = pushedBack != -2 ? pushedBack : in.read();
            pushedBack = -2;
            if (c < 0) {
                return null;
            }
            while (c >= 0 && c != '\n' && c != '\r') {
                line.write(c);
                c = in.read();
            }
            if (c == '\r') {
                int d = in.read();
                if (d != '\n') {
                    pushedBack = d;
                }
            }
            return line.toByteArray();
        }
    }
}
