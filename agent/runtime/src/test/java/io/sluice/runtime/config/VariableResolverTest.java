package io.sluice.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VariableResolverTest {
    private final Properties sys = new Properties();
    private final Map<String, String> env = Map.of("NC_PORT", "6667", "WHICH", "NC_PORT");

    private LoadedConfig load(String text) {
        PropertiesReader.Result r = PropertiesReader.parse("t.conf", text.getBytes(StandardCharsets.UTF_8));
        return LoadedConfig.fromLines(r.lines(), new java.util.ArrayList<>(r.problems()), env, sys);
    }

    private String value(LoadedConfig c, String key) {
        return c.lines().get(key).value();
    }

    @Test
    void prefixedLookupsReadEnvironmentAndSystemProperties() {
        sys.setProperty("env", "PROD");
        LoadedConfig c = load("a.p = ${env:NC_PORT}\na.q = ${ENV:NC_PORT}\na.r = ${sys:env}");
        assertEquals("6667", value(c, "a.p"));
        assertEquals("6667", value(c, "a.q"));
        assertEquals("PROD", value(c, "a.r"));
    }

    @Test
    void unprefixedNameIsAnotherPropertyThenASystemPropertyThenTheEnvironment() {
        sys.setProperty("fromSys", "s");
        LoadedConfig c = load("PORT = 44444\na.p = ${PORT}\na.q = ${fromSys}\na.r = ${NC_PORT}");
        assertEquals("44444", value(c, "a.p"));
        assertEquals("s", value(c, "a.q"));
        assertEquals("6667", value(c, "a.r"));
    }

    @Test
    void referencesResolveWhateverTheOrderOfKeys() {
        LoadedConfig c = load("a1.y1 = ${a1.dup}\na1.dup = ${a1.z4}\na1.z4 = deep");
        assertEquals("deep", value(c, "a1.y1"));
    }

    @Test
    void defaultsEscapesAndNestedVariables() {
        LoadedConfig c = load("a.p = ${env:UNSET:-44444}\na.q = $${literal}\na.r = ${env:${env:WHICH}}");
        assertEquals("44444", value(c, "a.p"));
        assertEquals("${literal}", value(c, "a.q"));
        assertEquals("6667", value(c, "a.r"));
    }

    @Test
    void unresolvedVariableStaysLiteralAndIsMarked() {
        LoadedConfig c = load("a.p = ${env:NOPE}");
        assertEquals("${env:NOPE}", value(c, "a.p"));
        assertTrue(c.unresolvedKeys().contains("a.p"));
    }

    @Test
    void aReferenceCycleIsAnErrorAtItsLine() {
        LoadedConfig c = load("a.x = 1\na.p = ${a.q}\na.q = ${a.p}");
        List<Problem> errors = c.problems().stream().filter(Problem::isError).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("cycle"), errors.toString());
        assertEquals(2, errors.get(0).location().line());
    }

    @Test
    void valuesAreTrimmedAfterResolution() {
        LoadedConfig c = load("V =   x  \na.p = ${V}   ");
        assertEquals("x", value(c, "a.p"));
    }
}
