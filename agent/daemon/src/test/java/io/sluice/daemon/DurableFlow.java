package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A netcat → file channel → file_roll agent run as real processes, one after another on the same
 * channel directories, with a client that sends numbered lines and records every one acknowledged
 * with OK (OK means committed). Each run writes its output to a directory of its own, so what one run
 * delivered can be told from the next. {@link #verify} then checks the durability contract:
 * every acknowledged line is delivered, nothing is invented, and a line delivered twice was first
 * delivered in the last, uncommitted batch of a killed run.
 */
final class DurableFlow implements AutoCloseable {
    static final int SINK_BATCH = 50;

    private final Path dir;
    private final int port = FreePort.tcp();
    private final Path conf;
    private final List<Path> runs = new ArrayList<>();
    private final List<Boolean> killed = new ArrayList<>();
    private final BitSet acked = new BitSet();
    private volatile boolean sending;
    private volatile long next;
    private Thread client;

    DurableFlow(Path dir, String... channelSettings) throws IOException {
        this.dir = dir;
        this.conf = dir.resolve("agent.conf");
        StringBuilder c = new StringBuilder("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.ack-every-event = true
                a1.sources.r1.channels = c1
                a1.channels.c1.type = file
                a1.channels.c1.checkpointDir = %s
                a1.channels.c1.dataDirs = %s,%s
                a1.channels.c1.minimumRequiredSpace = 1048576
                a1.channels.c1.transactionCapacity = 200
                a1.channels.c1.capacity = 200000
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.sink.rollInterval = 0
                a1.sinks.k1.sink.batchSize = %d
                a1.sinks.k1.channel = c1
                """.formatted(port, dir.resolve("checkpoint"), dir.resolve("data1"), dir.resolve("data2"), SINK_BATCH));
        for (int i = 0; i < channelSettings.length; i += 2) {
            c.append("a1.channels.c1.").append(channelSettings[i]).append(" = ").append(channelSettings[i + 1]).append('\n');
        }
        Files.writeString(conf, c.toString());
    }

    Path checkpointDir() {
        return dir.resolve("checkpoint");
    }

    String dataDirs() {
        return dir.resolve("data1") + "," + dir.resolve("data2");
    }

    /** Starts the next run of the agent (its own output directory) and waits until it serves. */
    AgentProcess start(String... jvmOptions) throws Exception {
        Path out = dir.resolve("out-" + runs.size());
        Path override = dir.resolve("run-" + runs.size() + ".conf");
        Files.writeString(override, "a1.sinks.k1.sink.directory = " + out + "\n");
        runs.add(out);
        killed.add(false);
        List<String> args = new ArrayList<>(List.of("--conf-file", conf.toString(), "--conf-file", override.toString(),
                "--name", "a1", "--no-reload-conf"));
        args.addAll(List.of(jvmOptions));
        AgentProcess agent = AgentProcess.start(dir, Map.of("JAVA_OPTS", "-Xmx256m"), args.toArray(String[]::new));
        agent.awaitLog("Agent a1 started", Duration.ofSeconds(60));
        return agent;
    }

    /** kill -9, and waits until the process is gone. */
    void kill(AgentProcess agent) throws InterruptedException {
        agent.process.destroyForcibly();
        assertTrue(agent.process.waitFor(30, TimeUnit.SECONDS), "a killed agent did not exit");
        killed.set(killed.size() - 1, true);
    }

    /** Starts the client: lines "line-N" in pipelined chunks, reconnecting whenever the agent goes away. */
    void startSending() {
        sending = true;
        client = new Thread(this::send, "acking-client");
        client.start();
    }

    void stopSending() throws InterruptedException {
        sending = false;
        client.join(30_000);
    }

    synchronized int acknowledged() {
        return acked.cardinality();
    }

    private void send() {
        while (sending) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                while (sending) {
                    long first = next;
                    int n = 20;
                    StringBuilder chunk = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        chunk.append("line-").append(first + i).append('\n');
                    }
                    next = first + n;
                    out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    for (int i = 0; i < n; i++) {
                        String reply = in.readLine();
                        if (reply == null) {
                            throw new IOException("connection closed");
                        }
                        if (reply.equals("OK")) {
                            synchronized (this) {
                                acked.set((int) (first + i));
                            }
                        }
                    }
                }
            } catch (IOException agentGone) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Lines delivered per run, in file order; a last line without its newline is left out. */
    List<List<String>> delivered() throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Path run : runs) {
            List<String> lines = new ArrayList<>();
            if (Files.isDirectory(run)) {
                try (Stream<Path> files = Files.list(run)) {
                    for (Path f : files.sorted().toList()) {
                        String text = Files.readString(f);
                        int end = text.lastIndexOf('\n');
                        if (end >= 0) {
                            lines.addAll(List.of(text.substring(0, end).split("\n", -1)));
                        }
                    }
                }
            }
            out.add(lines);
        }
        return out;
    }

    /** True once every acknowledged line has been delivered by some run. */
    boolean allAcknowledgedDelivered() throws IOException {
        BitSet seen = new BitSet();
        for (List<String> run : delivered()) {
            for (String line : run) {
                if (line.startsWith("line-")) {
                    seen.set(Integer.parseInt(line.substring(5)));
                }
            }
        }
        synchronized (this) {
            BitSet missing = (BitSet) acked.clone();
            missing.andNot(seen);
            return missing.isEmpty();
        }
    }

    /** The durability contract, over every run. */
    void verify() throws IOException {
        List<List<String>> delivered = delivered();
        Map<String, int[]> firstSeen = new HashMap<>();
        BitSet seen = new BitSet();
        int duplicates = 0;
        for (int r = 0; r < delivered.size(); r++) {
            List<String> lines = delivered.get(r);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                assertTrue(line.matches("line-\\d+") && Long.parseLong(line.substring(5)) < next,
                        "run " + r + " delivered a line that was never sent: '" + line + "'");
                int[] first = firstSeen.putIfAbsent(line, new int[] {r, i});
                seen.set(Integer.parseInt(line.substring(5)));
                if (first != null) {
                    duplicates++;
                    int run = first[0];
                    int fromEnd = delivered.get(run).size() - first[1];
                    assertTrue(killed.get(run) && fromEnd <= SINK_BATCH, line + " was delivered again in run " + r
                            + ", but its first delivery (run " + run + ", " + fromEnd + " lines from the end"
                            + (killed.get(run) ? "" : ", a run stopped cleanly") + ") was not in an uncommitted take");
                }
            }
        }
        synchronized (this) {
            BitSet missing = (BitSet) acked.clone();
            missing.andNot(seen);
            assertEquals("{}", missing.toString(), "acknowledged lines never delivered");
        }
        System.out.println("durable flow: " + runs.size() + " runs, " + acknowledged() + " lines acknowledged, "
                + seen.cardinality() + " delivered, " + duplicates + " delivered twice (uncommitted takes at a kill)");
    }

    @Override
    public void close() throws InterruptedException {
        if (client != null) {
            stopSending();
        }
    }
}
