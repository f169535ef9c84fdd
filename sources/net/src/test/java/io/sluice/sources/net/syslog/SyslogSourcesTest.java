package io.sluice.sources.net.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.sources.net.tls.TestKeystores;
import io.sluice.testkit.CollectingChannelProcessor;
import io.sluice.testkit.FreePort;
import io.sluice.testkit.Specs;
import io.sluice.testkit.TestEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three syslog sources over loopback, fed by util-linux {@code logger} (a client nobody here
 * wrote) and, for TLS and raw framing, by plain JDK sockets; every header and body byte that reaches
 * the channel is checked.
 */
class SyslogSourcesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** logger sends local3.warning: facility 19, severity 4. */
    private static final String PRI = "156";

    private final List<Source> started = new ArrayList<>();
    private final CollectingChannelProcessor collected = new CollectingChannelProcessor();
    private SourceCounter counter;

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() {
        started.forEach(Source::stop);
    }

    private <S extends Source> S start(ComponentSpec<SourceContext, Source> spec, ChannelProcessor processor,
                                       String... keyValues) throws Exception {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        counter = new SourceCounter("r1");
        @SuppressWarnings("unchecked")
        S source = (S) spec.create(new SourceContext("r1", Specs.settings(spec, raw), processor, counter, 100));
        source.start();
        started.add(source);
        return source;
    }

    private static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    private static void logger(String... args) throws Exception {
        assumeTrue(new java.io.File("/usr/bin/logger").canExecute() || onPath("logger"),
                "util-linux logger is not installed (package bsdutils); these tests need it as a real syslog client");
        List<String> cmd = new ArrayList<>(List.of("logger", "--socket-errors=on", "-t", "myapp", "-p", "local3.warning"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "logger hung");
        assertEquals(0, p.exitValue(), "logger failed: " + out);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> m = new LinkedHashMap<>(headers);
        m.remove(name);
        return m;
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertTimestampBetween(Event e, long from, long to) {
        long ts = Long.parseLong(e.header("timestamp"));
        assertTrue(ts >= from - 1000 && ts <= to, "timestamp " + ts + " outside [" + from + ", " + to + "]");
    }

    @Test
    void syslogtcpTakesLoggerRfc3164OverNewlineFraming() throws Exception {
        SyslogTcpSource s = start(SyslogTcpSource.SPEC, collected, "host", "127.0.0.1", "port", "0",
                "clientIPHeader", "ip");
        long before = System.currentTimeMillis();
        logger("--tcp", "--rfc3164", "-n", "127.0.0.1", "-P", String.valueOf(s.localAddress().getPort()),
                "hello wörld");
        Event e = collected.awaitEvents(1, WAIT).get(0);
        assertTimestampBetween(e, before, System.currentTimeMillis());
        assertEquals(headers("Facility", "19", "Severity", "4", "priority", PRI, "host", hostname(), "ip", "127.0.0.1"),
                without(e.headers(), "timestamp"));
        assertEquals("myapp: hello wörld", TestEvents.body(e));
    }

    @Test
    void syslogtcpTakesLoggerRfc5424WithStructuredDataAndOctetCounting() throws Exception {
        SyslogTcpSource s = start(SyslogTcpSource.SPEC, collected, "host", "127.0.0.1", "port", "0");
        String port = String.valueOf(s.localAddress().getPort());
        long before = System.currentTimeMillis();
        logger("--tcp", "--rfc5424", "--octet-count", "--msgid", "ID47", "--sd-id", "zoo@123", "--sd-param",
                "tiger=\"hungry\"", "-n", "127.0.0.1", "-P", port, "first");
        logger("--tcp", "--rfc5424=notq", "-n", "127.0.0.1", "-P", port, "second");
        List<Event> events = collected.awaitEvents(2, WAIT);
        long after = System.currentTimeMillis();
        for (Event e : events) {
            assertTimestampBetween(e, before, after);
            assertEquals(headers("Facility", "19", "Severity", "4", "priority", PRI, "version", "1", "host", hostname()),
                    without(e.headers(), "timestamp"));
        }
        // Two connections: their messages may be committed in either order.
        String first = events.stream().map(TestEvents::body).filter(b -> b.endsWith("first")).findFirst().orElseThrow();
        String second = events.stream().map(TestEvents::body).filter(b -> b.endsWith("second")).findFirst().orElseThrow();
        assertTrue(first.matches("myapp - ID47 \\[timeQuality tzKnown=\"1\" isSynced=\"[01]\"( syncAccuracy=\"\\d+\")?\\]"
                + "\\[zoo@123 tiger=\"hungry\"\\] first"), first);
        assertEquals("myapp - - - second", second);
    }

    @Test
    void syslogudpTakesLoggerDatagramsWithAndWithoutHostAndTime() throws Exception {
        SyslogUdpSource s = start(SyslogUdpSource.SPEC, collected, "host", "127.0.0.1", "port", "0",
                "clientHostnameHeader", "peer");
        String port = String.valueOf(s.localAddress().getPort());
        logger("--udp", "--rfc5424=notime,notq,nohost", "-n", "127.0.0.1", "-P", port, "no host, no time");
        Event e = collected.awaitEvents(1, WAIT).get(0);
        assertEquals(headers("Facility", "19", "Severity", "4", "priority", PRI, "version", "1",
                "peer", InetAddress.getByName("127.0.0.1").getCanonicalHostName()), e.headers());
        assertTrue(TestEvents.body(e).matches("myapp (\\d+|-) - - no host, no time"), TestEvents.body(e));
        long before = System.currentTimeMillis();
        logger("--udp", "--rfc3164", "-n", "127.0.0.1", "-P", port, "classic");
        Event classic = collected.awaitEvents(2, WAIT).get(1);
        assertTimestampBetween(classic, before, System.currentTimeMillis());
        assertEquals("myapp: classic", TestEvents.body(classic));
        assertEquals(hostname(), classic.header("host"));
    }

    @Test
    void multiportListensOnEveryPortWithItsCharsetAndPortHeader() throws Exception {
        int a = FreePort.tcp();
        int b = FreePort.tcp();
        start(MultiportSyslogTcpSource.SPEC, collected, "host", "127.0.0.1", "ports", a + " " + b,
                "charset.port." + b, "ISO-8859-1", "portHeader", "port", "batchSize", "2");
        logger("--tcp", "--rfc5424=notq", "-n", "127.0.0.1", "-P", String.valueOf(a), "on a");
        try (Socket s = new Socket("127.0.0.1", b)) {
            OutputStream out = s.getOutputStream();
            out.write("<13>1 - web1 app - - caf".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) 0xE9, '\n'});
            out.write("<13>1 - web1 app - - two\n<13>1 - web1 app - - three\n".getBytes(StandardCharsets.US_ASCII));
        }
        List<Event> events = collected.awaitEvents(4, WAIT);
        Event onA = events.stream().filter(e -> String.valueOf(a).equals(e.header("port"))).findFirst().orElseThrow();
        assertEquals(hostname(), onA.header("host"));
        assertEquals(PRI, onA.header("Priority"));
        assertEquals("1", onA.header("Version"));
        List<Event> onB = events.stream().filter(e -> String.valueOf(b).equals(e.header("port"))).toList();
        assertEquals(3, onB.size());
        assertEquals(headers("Priority", "13", "Facility", "1", "Severity", "5", "Version", "1", "timestamp",
                onB.get(0).header("timestamp"), "host", "web1", "port", String.valueOf(b)), onB.get(0).headers());
        assertEquals(List.of((byte) 'a', (byte) 'p', (byte) 'p'), List.of(onB.get(0).body()[0], onB.get(0).body()[1],
                onB.get(0).body()[2]));
        assertEquals((byte) 0xE9, onB.get(0).body()[onB.get(0).body().length - 1]);
        assertTrue(collected.batches() >= 2, "batchSize 2 splits three messages into two transactions");
    }

    @Test
    void syslogtcpOverTlsWithAGeneratedKeystore() throws Exception {
        Path ks = TestKeystores.generate(tmp);
        SyslogTcpSource s = start(SyslogTcpSource.SPEC, collected, "host", "127.0.0.1", "port", "0", "ssl", "true",
                "keystore", ks.toString(), "keystore-password", TestKeystores.PASSWORD, "keystore-type", "PKCS12");
        try (SSLSocket socket = (SSLSocket) TestKeystores.trusting(ks).getSocketFactory()
                .createSocket("127.0.0.1", s.localAddress().getPort())) {
            socket.getOutputStream().write("<13>1 2024-01-02T03:04:05Z web1 app - - over tls\n"
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            Event e = collected.awaitEvents(1, WAIT).get(0);
            assertEquals("app - - over tls", TestEvents.body(e));
            assertEquals("web1", e.header("host"));
        }
    }

    @Test
    void aFullChannelPausesTheConnectionAndNothingIsLost() throws Exception {
        SyslogTcpSource s = start(SyslogTcpSource.SPEC, collected, "host", "127.0.0.1", "port", "0");
        collected.setRefusing(true);
        try (Socket socket = new Socket("127.0.0.1", s.localAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 500; i++) {
                out.write(("<13>1 - h a - - m" + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            io.sluice.testkit.Await.until(WAIT, () -> collected.refusals() >= 3, () -> "refusals: " + collected.refusals());
            collected.setRefusing(false);
            List<Event> events = collected.awaitEvents(500, WAIT);
            for (int i = 0; i < 500; i++) {
                assertEquals("a - - m" + i, TestEvents.body(events.get(i)));
            }
        }
    }

    @Test
    void badInputIsDeliveredFlaggedCountedAndTheConnectionKeepsWorking() throws Exception {
        SyslogTcpSource s = start(SyslogTcpSource.SPEC, collected, "host", "127.0.0.1", "port", "0", "eventSize", "20");
        try (Socket socket = new Socket("127.0.0.1", s.localAddress().getPort())) {
            socket.getOutputStream().write(("<999>too high\n<13>1 - h a - - unterminated [sd x=\"1\"\n"
                    + "<13>1 - h a - - ok\n").getBytes(StandardCharsets.US_ASCII));
        }
        List<Event> events = collected.awaitEvents(4, WAIT);
        assertEquals(headers("Facility", "0", "Severity", "0", "flume.syslog.status", "Invalid"), events.get(0).headers());
        assertEquals("<999>too high", TestEvents.body(events.get(0)));
        assertEquals(headers("Facility", "1", "Severity", "5", "priority", "13", "version", "1", "host", "h",
                "flume.syslog.status", "Incomplete"), events.get(1).headers());
        assertEquals("a - - unte", TestEvents.body(events.get(1)));
        assertEquals("Invalid", events.get(2).header("flume.syslog.status"));
        assertEquals("rminated [sd x=\"1\"", TestEvents.body(events.get(2)));
        assertEquals("a - - ok", TestEvents.body(events.get(3)));
        assertEquals(4, collected.events().size());
        assertEquals(3, counter.eventReadFail());
        assertEquals(2L, counter.snapshot().get("InvalidMessageCount"));
        assertEquals(1L, counter.snapshot().get("IncompleteMessageCount"));
    }
}
