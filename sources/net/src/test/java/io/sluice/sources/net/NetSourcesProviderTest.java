package io.sluice.sources.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.sources.net.netcat.NetcatSource;
import io.sluice.sources.net.netcatudp.NetcatUdpSource;
import io.sluice.testkit.Specs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The specs as the runtime sees them: discovery, Flume names and defaults, checks and resource claims. */
class NetSourcesProviderTest {

    @Test
    void serviceLoaderFindsBothAliasesWithTheirFlumeClassNames() {
        Map<String, ComponentSpec<?, ?>> byAlias = ServiceLoader.load(ComponentProvider.class).stream()
                .flatMap(p -> p.get().components().stream())
                .collect(Collectors.toMap(ComponentSpec::alias, s -> s));
        assertEquals(List.of("org.apache.flume.source.NetcatSource"), byAlias.get("netcat").classNames());
        assertEquals(List.of("org.apache.flume.source.NetcatUdpSource"), byAlias.get("netcatudp").classNames());
    }

    @Test
    void netcatKeepsFlumeKeyNamesAndDefaults() {
        var settings = Specs.settings(NetcatSource.SPEC, Map.of("bind", "0.0.0.0", "port", "44444"));
        assertEquals(512, settings.get(NetcatSource.MAX_LINE_LENGTH));
        assertEquals(true, settings.get(NetcatSource.ACK_EVERY_EVENT));
        assertEquals(StandardCharsets.UTF_8, settings.get(NetcatSource.ENCODING));
        assertEquals(0, settings.get(NetcatSource.MAX_CONNECTIONS));
        assertEquals(List.of("bind", "port", "max-line-length", "ack-every-event", "encoding", "maxConnections"),
                List.copyOf(NetcatSource.SPEC.keys().keySet()));
    }

    @Test
    void netcatRefusesBadValuesAndMissingRequiredKeys() {
        assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(NetcatSource.SPEC, Map.of("bind", "0.0.0.0", "port", "1", "max-line-length", "1")));
        assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(NetcatSource.SPEC, Map.of("bind", "0.0.0.0", "port", "1", "encoding", "klingon")));
        assertThrows(IllegalArgumentException.class, () -> Specs.settings(NetcatSource.SPEC, Map.of("port", "1")));
        assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(NetcatSource.SPEC, Map.of("bind", "0.0.0.0", "port", "70000")));
    }

    @Test
    void portsAreClaimedAsResourcesExceptPortZero() {
        assertEquals(List.of("tcp:0.0.0.0:44444"), NetcatSource.SPEC.resources(
                Specs.settings(NetcatSource.SPEC, Map.of("bind", "0.0.0.0", "port", "44444"))));
        assertTrue(NetcatSource.SPEC.resources(
                Specs.settings(NetcatSource.SPEC, Map.of("bind", "0.0.0.0", "port", "0"))).isEmpty());
        assertEquals(List.of("udp:0.0.0.0:5140"), NetcatUdpSource.SPEC.resources(
                Specs.settings(NetcatUdpSource.SPEC, Map.of("port", "5140"))));
        assertEquals(List.of("udp:10.0.0.1:5140"), NetcatUdpSource.SPEC.resources(
                Specs.settings(NetcatUdpSource.SPEC, Map.of("port", "5140", "bind", "10.0.0.1"))));
    }
}
