package io.sluice.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.FreePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A netcat agent with a small heap under hostile clients (binary garbage, a 10 MB line, 500
 * concurrent connections, 200 connections that never send) keeps serving a well-behaved client,
 * stays within its memory, and delivers every line it acknowledged.
 */
class NetcatAbuseIT {
    @TempDir
    Path tmp;

    @Test
    void hostileClientsDoNotStopAWellBehavedOneAndNothingAcknowledgedIsLost() throws Exception {
        int port = FreePort.tcp();
        int metricsPort = FreePort.tcp();
        Path conf = tmp.resolve("netcat.conf");
        Files.writeString(conf, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = %d
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 10000
                a1.channels.c1.transactionCapacity = 1000
                a1.sinks.k1.type = null
                a1.sinks.k1.batchSize = 1000
                a1.sinks.k1.channel = c1
                """.formatted(port));
        try (AgentProcess agent = AgentProcess.start(tmp, Map.of("JAVA_OPTS", "-Xmx64m -XX:MaxDirectMemorySize=32m"),
                "--conf-file", conf.toString(), "--name", "a1", "--no-reload-conf",
                "-Dflume.monitoring.type=http", "-Dflume.monitoring.port=" + metricsPort)) {
            agent.awaitLog("Serving JSON metrics", Duration.ofSeconds(60));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong goodOks = new AtomicLong();
            AtomicReference<String> goodFailure = new AtomicReference<>();
            Thread good = new Thread(() -> wellBehavedClient(port, stop, goodOks, goodFailure));
            good.start();

            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                idle.add(new Socket("127.0.0.1", port));
            }

            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<?>> attacks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attacks.add(pool.submit(() -> sendGarbage(port)));
            }
            Future<String> longLine = pool.submit(() -> sendTenMegabyteLine(port));
            List<Future<String>> crowd = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                crowd.add(pool.submit(() -> oneLine(port, "crowd-" + n)));
            }
            for (Future<String> f : crowd) {
                assertEquals("OK", f.get(60, TimeUnit.SECONDS));
            }
            String reply = longLine.get(60, TimeUnit.SECONDS);
            assertTrue(reply.startsWith("FAILED: Event exceeds the maximum length (512 chars, including newline)"), reply);
            for (Future<?> f : attacks) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            Thread.sleep(500);
            stop.set(true);
            good.join(30_000);
            for (Socket s : idle) {
                s.close();
            }
            assertEquals(null, goodFailure.get());
            assertTrue(goodOks.get() > 10, "the well-behaved client got only " + goodOks.get() + " OKs");

            long acknowledged = goodOks.get() + 500;
            String metrics = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                metrics = AgentProcess.get("http://127.0.0.1:" + metricsPort + "/metrics");
                if (String.valueOf(acknowledged).equals(ExampleAgentIT.attribute(metrics, "SINK.k1", "EventDrainSuccessCount"))) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(String.valueOf(acknowledged), ExampleAgentIT.attribute(metrics, "SINK.k1", "EventDrainSuccessCount"),
                    "every acknowledged line reached the sink, and nothing else did: " + metrics);
            assertTrue(agent.process.isAlive(), agent.output());
            long rss = agent.peakRssMb();
            assertTrue(rss < 400, "peak RSS " + rss + " MB with a 64 MB heap");
            assertEquals(0, agent.terminate(Duration.ofSeconds(30)), agent.output());
        }
    }

    private static void wellBehavedClient(int port, AtomicBoolean stop, AtomicLong oks, AtomicReference<String> failure) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; !stop.get(); i++) {
                out.write(("good-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String reply = in.readLine();
                if (!"OK".equals(reply)) {
                    failure.set("line " + i + " got " + reply);
                    return;
                }
                oks.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (Exception e) {
            failure.set(e.toString());
        }
    }

    /** Bytes 0x80..0xFF only: never valid UTF-8, never a newline; the agent must drop the connection. */
    private static Void sendGarbage(int port) throws IOException {
        byte[] junk = new byte[1 << 16];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (0x80 | (i * 31 & 0x7F));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 16; i++) {
                out.write(junk);
            }
            out.flush();
            s.setSoTimeout(30_000);
            drain(s.getInputStream());
        } catch (IOException expected) {
            // The agent closing the connection mid-write is the expected outcome.
        }
        return null;
    }

    private static String sendTenMegabyteLine(int port) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            try {
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < 10; i++) {
                    out.write(chunk);
                }
                out.write('\n');
                out.flush();
            } catch (IOException closedWhileWriting) {
                // The agent answers and closes as soon as the line is too long; the reply is still readable.
            }
            return String.valueOf(in.readLine());
        }
    }

    private static String oneLine(int port, String line) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (in.read(buf) >= 0) {
            // discard
        }
    }
}
