package io.sluice.sources.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import io.sluice.sources.net.http.HttpSource;
import io.sluice.sources.net.syslog.MultiportSyslogTcpSource;
import io.sluice.sources.net.syslog.SyslogTcpSource;
import io.sluice.sources.net.syslog.SyslogUdpSource;
import io.sluice.sources.net.tls.TestKeystores;
import io.sluice.testkit.Specs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http and syslog specs as validation sees them: Flume names and defaults, refusals, warnings, claims. */
class HttpSyslogSpecsTest {
    @TempDir
    Path tmp;

    private static List<SettingsProblem> problems(ComponentSpec<?, ?> spec, String... kv) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            raw.put(kv[i], kv[i + 1]);
        }
        Map<String, Object> parsed = new HashMap<>();
        spec.keys().values().forEach(k -> {
            if (raw.containsKey(k.name())) {
                parsed.put(k.name(), k.parse(raw.get(k.name())));
            }
        });
        return spec.crossCheck(new Settings(parsed, raw));
    }

    private static String errors(List<SettingsProblem> problems) {
        return problems.stream().filter(p -> !p.warning()).map(p -> p.key() + ": " + p.message())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void serviceLoaderFindsTheFourAliasesUnderFlumesClassNames() {
        Map<String, ComponentSpec<?, ?>> byAlias = ServiceLoader.load(ComponentProvider.class).stream()
                .flatMap(p -> p.get().components().stream()).collect(Collectors.toMap(ComponentSpec::alias, s -> s));
        assertEquals(List.of("org.apache.flume.source.http.HTTPSource"), byAlias.get("http").classNames());
        assertEquals(List.of("org.apache.flume.source.SyslogTcpSource"), byAlias.get("syslogtcp").classNames());
        assertEquals(List.of("org.apache.flume.source.SyslogUDPSource"), byAlias.get("syslogudp").classNames());
        assertEquals(List.of("org.apache.flume.source.MultiportSyslogTCPSource"),
                byAlias.get("multiport_syslogtcp").classNames());
    }

    @Test
    void flumeDefaultsAreKept() {
        Settings http = Specs.settings(HttpSource.SPEC, Map.of("port", "5140"));
        assertEquals("0.0.0.0", http.get(HttpSource.BIND));
        assertEquals("org.apache.flume.source.http.JSONHandler", http.get(HttpSource.HANDLER));
        Settings multi = Specs.settings(MultiportSyslogTcpSource.SPEC, Map.of("ports", "5140 5141"));
        assertEquals(100, multi.get(MultiportSyslogTcpSource.BATCH_SIZE));
        assertEquals(1024, multi.get(MultiportSyslogTcpSource.READ_BUFFER_BYTES));
        assertEquals("UTF-8", multi.get(MultiportSyslogTcpSource.CHARSET_DEFAULT).name());
        assertEquals(MultiportSyslogTcpSource.BATCH_SIZE, MultiportSyslogTcpSource.SPEC.batchSizeKey());
        assertEquals(2500, SyslogTcpSource.SPEC.keys().get("eventSize").defaultValue());
        assertEquals("none", SyslogTcpSource.SPEC.keys().get("keepFields").defaultValue());
    }

    @Test
    void unsupportedPassThroughAndFormatKeysAreRefusedNotIgnored() {
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "QueuedThreadPool.daemon", "true"))
                .startsWith("QueuedThreadPool.daemon: is a Jetty setting Sluice does not support"));
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "SslContextFactory.needClientAuth", "true"))
                .contains("SslContextFactory.needClientAuth"));
        assertEquals("", errors(problems(HttpSource.SPEC, "port", "1", "QueuedThreadPool.maxThreads", "50",
                "ServerConnector.idleTimeout", "1000", "HttpConfiguration.sendServerVersion", "false")));
        assertTrue(errors(problems(SyslogTcpSource.SPEC, "host", "h", "port", "1", "format.regex", "(.*)"))
                .contains("(format.*) is not supported by Sluice"));
    }

    @Test
    void handlerProblemsAreFoundAtValidation() {
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "handler", "com.example.NoSuchHandler"))
                .contains("handler class com.example.NoSuchHandler is not on the class path"));
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "handler", "java.lang.String"))
                .contains("does not implement io.sluice.sources.net.http.HttpSourceHandler"));
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "handler", "blob", "handler.maxBlobLength", "0"))
                .contains("handler.maxBlobLength = 0: must be at least 1"));
        List<SettingsProblem> nickname = problems(HttpSource.SPEC, "port", "1", "handler.nickname", "flume-http");
        assertEquals(1, nickname.size());
        assertTrue(nickname.get(0).warning(), "an unknown handler key is ignored with a warning, as Flume ignores it");
        assertEquals("handler.nickname", nickname.get(0).key());
    }

    @Test
    void tlsWithoutAUsableKeystoreIsRefusedAtValidation() throws Exception {
        assertTrue(errors(problems(SyslogTcpSource.SPEC, "host", "h", "port", "1", "ssl", "true"))
                .contains("keystore: is required when ssl = true"));
        Path ks = TestKeystores.generate(tmp);
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "ssl", "true", "keystore", ks.toString(),
                "keystore-password", "wrong", "keystore-type", "PKCS12")).startsWith("keystore: cannot use key store"));
        assertEquals("", errors(problems(MultiportSyslogTcpSource.SPEC, "ports", "1", "ssl", "true", "keystore",
                ks.toString(), "keystore-password", TestKeystores.PASSWORD, "keystore-type", "PKCS12")));
        assertTrue(errors(problems(HttpSource.SPEC, "port", "1", "enableSSL", "true")).contains("keystore"),
                "the deprecated enableSSL turns TLS on too");
    }

    @Test
    void multiportChecksItsPortsAndCharsets() {
        assertTrue(errors(problems(MultiportSyslogTcpSource.SPEC, "ports", "5140 x")).contains("'x' is not a port"));
        assertTrue(errors(problems(MultiportSyslogTcpSource.SPEC, "ports", "5140", "charset.port.5140", "klingon"))
                .contains("charset.port.5140"));
        List<SettingsProblem> unused = problems(MultiportSyslogTcpSource.SPEC, "ports", "5140", "charset.port.6000",
                "UTF-8");
        assertTrue(unused.size() == 1 && unused.get(0).warning(), unused.toString());
    }

    @Test
    void portsAreClaimedAsResources() {
        assertEquals(List.of("tcp:0.0.0.0:5140", "tcp:0.0.0.0:5141"), MultiportSyslogTcpSource.SPEC.resources(
                Specs.settings(MultiportSyslogTcpSource.SPEC, Map.of("ports", "5140 5141"))));
        assertEquals(List.of("udp:0.0.0.0:514"), SyslogUdpSource.SPEC.resources(
                Specs.settings(SyslogUdpSource.SPEC, Map.of("port", "514"))));
        assertEquals(List.of("tcp:10.0.0.1:5140"), SyslogTcpSource.SPEC.resources(
                Specs.settings(SyslogTcpSource.SPEC, Map.of("host", "10.0.0.1", "port", "5140"))));
        assertEquals(List.of("tcp:0.0.0.0:8080"), HttpSource.SPEC.resources(
                Specs.settings(HttpSource.SPEC, Map.of("port", "8080"))));
    }
}
