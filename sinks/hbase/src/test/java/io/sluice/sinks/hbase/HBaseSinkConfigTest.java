package io.sluice.sinks.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.testkit.Specs;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys, validation and serializers of the HBase sinks, without HBase. */
class HBaseSinkConfigTest {

    @Test
    void bothTypesDeclareFlumesKeysAndDefaultsAndAcceptFlumeClassNames() {
        assertEquals(List.of("org.apache.flume.sink.hbase.HBaseSink"), HBaseSink.SPEC.classNames());
        assertEquals(List.of("org.apache.flume.sink.hbase2.HBase2Sink"), HBaseSink.HBASE2_SPEC.classNames());
        assertEquals(List.of("table", "columnFamily", "zookeeperQuorum", "znodeParent", "batchSize", "coalesceIncrements",
                "serializer", "kerberosPrincipal", "kerberosKeytab", "enableWal", "operationTimeoutMillis"),
                List.copyOf(HBaseSink.SPEC.keys().keySet()));
        assertEquals(100, HBaseSink.BATCH_SIZE.defaultValue());
        assertEquals("org.apache.flume.sink.hbase.SimpleHbaseEventSerializer",
                HBaseSink.SPEC.keys().get("serializer").defaultValue());
        assertEquals("org.apache.flume.sink.hbase2.SimpleHBase2EventSerializer",
                HBaseSink.HBASE2_SPEC.keys().get("serializer").defaultValue());
        assertTrue(HBaseSink.SPEC.isKnownKey("serializer.rowPrefix"));
    }

    @Test
    void zookeeperQuorumMustGiveEveryHostTheSamePortAsFlumeRequires() {
        assertEquals(2181, HBaseSinkSettings.quorumPort("zk1:2181, zk2:2181"));
        assertEquals("zk1,zk2", HBaseSinkSettings.quorumHosts("zk1:2181, zk2:2181"));
        assertEquals(-1, HBaseSinkSettings.quorumPort("zk1:2181,zk2:2182"));
        assertEquals(-1, HBaseSinkSettings.quorumPort("zk1,zk2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.settings(HBaseSink.SPEC,
                Map.of("table", "t", "columnFamily", "f", "zookeeperQuorum", "zk1")));
        assertTrue(e.getMessage().contains("zookeeperQuorum = zk1"), e.getMessage());
    }

    @Test
    void badSerializerSettingsAreValidationErrorsNamingKeyValueAndRule() {
        assertProblem(Map.of("serializer", "com.example.Missing"), "serializer = com.example.Missing: no such class");
        assertProblem(Map.of("serializer", "java.lang.String"), "does not implement");
        assertProblem(Map.of("serializer", "regex", "serializer.regex", "(a)(b)", "serializer.colNames", "x"),
                "has 2 capture groups but serializer.colNames = x names 1 columns");
        assertProblem(Map.of("serializer", "regex", "serializer.colNames", "payload", "serializer.rowKeyIndex", "0"),
                "must be the index of the column named ROW_KEY");
        assertProblem(Map.of("serializer", "regex", "serializer.regex", "(unclosed"), "serializer.regex = (unclosed");
        assertProblem(Map.of("kerberosPrincipal", "flume/_HOST@EXAMPLE.COM"), "needs kerberosKeytab");
    }

    @Test
    void serializersAreFoundByFlumeClassNamesAndShortAliases() {
        for (String name : List.of("org.apache.flume.sink.hbase.SimpleHbaseEventSerializer",
                "org.apache.flume.sink.hbase2.SimpleHBase2EventSerializer", "simple", "SIMPLE")) {
            assertInstanceOf(SimpleHBaseEventSerializer.class, Serializers.create(name, Map.of()), name);
        }
        for (String name : List.of("org.apache.flume.sink.hbase.RegexHbaseEventSerializer",
                "org.apache.flume.sink.hbase2.RegexHBase2EventSerializer", "regex")) {
            assertInstanceOf(RegexHBaseEventSerializer.class, Serializers.create(name, Map.of()), name);
        }
        assertInstanceOf(UpperCaseSerializer.class, Serializers.create(UpperCaseSerializer.class.getName(), Map.of()));
    }

    @Test
    void simpleSerializerPutsBodyAndIncrementsCounterRowUnlessColumnsAreEmpty() {
        SimpleHBaseEventSerializer s = new SimpleHBaseEventSerializer();
        s.configure(Map.of("rowPrefix", "p-", "suffix", "timestamp"));
        assertTrue(s.warning().contains("same millisecond get the same row key"), s.warning());
        Recorder r = new Recorder();
        s.serialize(Event.ofString("hello"), bytes("cf"), r);
        assertEquals(2, r.calls.size());
        assertTrue(r.calls.get(0).matches("put p-[0-9]{13} pCol hello"), r.calls.get(0));
        assertEquals("increment incRow iCol 1", r.calls.get(1));

        s.configure(Map.of("payloadColumn", "", "incrementColumn", "", "suffix", "bogus"));
        assertTrue(s.warning().contains("using uuid"), s.warning());
        r.calls.clear();
        s.serialize(Event.ofString("x"), bytes("cf"), r);
        assertEquals(List.of(), r.calls);
    }

    @Test
    void regexSerializerCountsDroppedBodiesAndMatchesCaseInsensitivelyWhenAsked() {
        RegexHBaseEventSerializer s = new RegexHBaseEventSerializer();
        s.configure(Map.of("regex", "id=(\\d+)", "colNames", "id", "regexIgnoreCase", "true"));
        Recorder r = new Recorder();
        s.serialize(Event.ofString("ID=42"), bytes("cf"), r);
        s.serialize(Event.ofString("nothing"), bytes("cf"), r);
        assertEquals(1, r.calls.size());
        assertTrue(r.calls.get(0).endsWith(" id 42"), r.calls.get(0));
        assertEquals(1, s.discarded());
    }

    @Test
    void providerAndSinkClassesLoadWithoutAnyHBaseOrHadoopClass() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        List<String> refused = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.apache.hadoop.")) {
                    refused.add(name);
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        }) {
            Object provider = loader.loadClass(HBaseSinkProvider.class.getName()).getConstructor().newInstance();
            List<?> specs = (List<?>) provider.getClass().getMethod("components").invoke(provider);
            assertEquals(2, specs.size());
            Class.forName(HBaseSink.class.getName(), true, loader);
            Class.forName(Serializers.class.getName(), true, loader);
        }
        assertEquals(List.of(), refused);
    }

    private static void assertProblem(Map<String, String> extra, String expected) {
        Map<String, String> raw = new HashMap<>(Map.of("table", "t", "columnFamily", "f"));
        raw.putAll(extra);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Specs.settings(HBaseSink.HBASE2_SPEC, raw));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records serializer output as text lines. */
    static final class Recorder implements HBaseEventSerializer.Mutations {
        final List<String> calls = new ArrayList<>();

        @Override
        public void put(byte[] row, byte[] qualifier, byte[] value) {
            calls.add("put " + str(row) + " " + str(qualifier) + " " + str(value));
        }

        @Override
        public void increment(byte[] row, byte[] qualifier, long amount) {
            calls.add("increment " + str(row) + " " + str(qualifier) + " " + amount);
        }

        private static String str(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** A user serializer, found by its class name. */
    public static final class UpperCaseSerializer implements HBaseEventSerializer {
        @Override
        public void configure(Map<String, String> settings) {
        }

        @Override
        public void serialize(Event event, byte[] columnFamily, Mutations out) {
            out.put(event.body(), bytes("upper"), new String(event.body(), StandardCharsets.UTF_8).toUpperCase()
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
