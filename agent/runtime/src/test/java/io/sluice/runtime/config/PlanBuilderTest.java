package io.sluice.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each class of config error is reported, all at once, with the file:line of the key at fault. */
class PlanBuilderTest {
    private static final String VALID = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = localhost
            a1.sources.r1.port = 44444
            a1.sources.r1.channels = c1
            a1.channels.c1.type = memory
            a1.channels.c1.capacity = 1000
            a1.channels.c1.transactionCapacity = 100
            a1.sinks.k1.type = null
            a1.sinks.k1.channel = c1
            """;

    private static PlanBuilder.Result build(String text) {
        PropertiesReader.Result r = PropertiesReader.parse("agent.conf", text.getBytes(StandardCharsets.UTF_8));
        LoadedConfig config = LoadedConfig.fromLines(r.lines(), new ArrayList<>(r.problems()), Map.of(), new Properties());
        return PlanBuilder.build("a1", config, TestSpecs.registry());
    }

    /** The config with line {@code n} (1-based) replaced, or removed when {@code with} is null. */
    private static String replaceLine(String text, int n, String with) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        if (with == null) {
            lines.set(n - 1, "# removed");
        } else {
            lines.set(n - 1, with);
        }
        return String.join("\n", lines) + "\n";
    }

    private static Problem onlyError(PlanBuilder.Result result) {
        List<Problem> errors = result.problems().errors();
        assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
        assertNull(result.plan());
        return errors.get(0);
    }

    private static void assertErrorAt(PlanBuilder.Result result, int line, String... fragments) {
        Problem p = onlyError(result);
        assertEquals(line, p.location().line(), p::toString);
        assertEquals("agent.conf", p.location().file());
        for (String f : fragments) {
            assertTrue(p.message().contains(f), () -> "'" + f + "' not in: " + p);
        }
    }

    @Test
    void theValidConfigBuildsAPlanWithFileOrderWiring() {
        PlanBuilder.Result r = build(VALID);
        assertTrue(r.ok(), r.problems().sorted().toString());
        assertEquals(List.of("c1"), r.plan().sources().get(0).channels());
        assertEquals(100, r.plan().sources().get(0).maxBatchSize());
        assertEquals(100, r.plan().sinks().get(0).maxBatchSize());
        assertEquals(44444, r.plan().sources().get(0).settings().get(TestSpecs.PORT));
        assertTrue(r.plan().sinkGroups().get(0).implicit());
    }

    @Test
    void typesResolveByAliasInAnyCaseAndByFlumeClassName() {
        String text = replaceLine(replaceLine(VALID, 4, "a1.sources.r1.type = org.apache.flume.source.NetcatSource"),
                8, "a1.channels.c1.type = MEMORY");
        assertTrue(build(text).ok());
    }

    @Test
    void unknownTypeIsAnErrorAtTheTypeLine() {
        assertErrorAt(build(replaceLine(VALID, 11, "a1.sinks.k1.type = nul")), 11, "unknown sink type 'nul'", "did you mean 'null'");
    }

    @Test
    void flumeTypeNotInSluiceYetIsNamedAsSuch() {
        assertErrorAt(build(replaceLine(VALID, 11, "a1.sinks.k1.type = hdfs")), 11, "Flume's sink type 'hdfs' is not available");
    }

    @Test
    void sourceNamingAnUndeclaredChannelIsAnError() {
        assertErrorAt(build(replaceLine(VALID, 7, "a1.sources.r1.channels = c1 c2")), 7, "'c2'", "not in a1.channels");
    }

    @Test
    void sinkWithoutChannelIsAnErrorAtItsTypeLine() {
        assertErrorAt(build(replaceLine(VALID, 12, null)), 11, "a1.sinks.k1.channel is missing");
    }

    @Test
    void sinkWithChannelsPluralGetsAHint() {
        assertErrorAt(build(replaceLine(VALID, 12, "a1.sinks.k1.channels = c1")), 11, "use 'channel', not 'channels'");
    }

    @Test
    void sinkNamingAnUndeclaredChannelIsAnError() {
        assertErrorAt(build(replaceLine(VALID, 12, "a1.sinks.k1.channel = c9")), 12, "'c9'");
    }

    @Test
    void valueOfTheWrongTypeIsAnErrorWithKeyValueAndRule() {
        assertErrorAt(build(replaceLine(VALID, 9, "a1.channels.c1.capacity = lots")), 9,
                "a1.channels.c1.capacity = lots", "not a whole number");
    }

    @Test
    void valueOutOfRangeIsAnErrorNamingTheRange() {
        assertErrorAt(build(replaceLine(VALID, 6, "a1.sources.r1.port = 70000")), 6, "must be from 0 to 65535");
        assertErrorAt(build(replaceLine(VALID, 9, "a1.channels.c1.capacity = -5")), 9, "= -5", "must be at least 1");
    }

    @Test
    void missingRequiredKeyPointsAtTheTypeLine() {
        assertErrorAt(build(replaceLine(VALID, 6, null)), 4, "a1.sources.r1.port is required");
    }

    @Test
    void crossKeyCheckIsReportedAtTheOffendingKey() {
        assertErrorAt(build(replaceLine(VALID, 10, "a1.channels.c1.transactionCapacity = 5000")), 10,
                "must not exceed capacity 1000");
    }

    @Test
    void crossKeyChecksStillRunWhenAnEarlierComponentHasAnError() {
        PlanBuilder.Result r = build("""
                a1.sources = r1
                a1.channels = c1 c2
                a1.sinks = k1
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = 0.0.0.0
                a1.sources.r1.port = 44444
                a1.sources.r1.channels = c1 c2
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = lots
                a1.channels.c2.type = memory
                a1.channels.c2.capacity = 10
                a1.channels.c2.transactionCapacity = 50
                a1.sinks.k1.type = null
                a1.sinks.k1.channel = c1
                """);
        List<Problem> errors = r.problems().errors();
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.stream().anyMatch(p -> p.location().line() == 9), errors::toString);
        assertTrue(errors.stream().anyMatch(p -> p.location().line() == 12 && p.toString().contains("must not exceed")),
                errors::toString);
    }

    @Test
    void sourceBatchLargerThanTransactionCapacityIsAnError() {
        assertErrorAt(build(VALID + "a1.sources.r1.batchSize = 500\n"), 13, "batchSize = 500",
                "larger than channel c1's transactionCapacity (100)");
    }

    @Test
    void sinkBatchLargerThanTransactionCapacityIsAnErrorEvenWhenTheBatchIsTheDefault() {
        String text = replaceLine(VALID, 10, "a1.channels.c1.transactionCapacity = 10");
        assertErrorAt(build(text), 11, "a1.sinks.k1.batchSize = 100", "transactionCapacity (10)");
    }

    @Test
    void duplicateNameInAListIsAnError() {
        assertErrorAt(build(replaceLine(VALID, 3, "a1.sinks = k1 k1")), 3, "'k1' is listed twice");
    }

    @Test
    void listedComponentWithoutPropertiesIsAnError() {
        assertErrorAt(build(replaceLine(VALID, 3, "a1.sinks = k1 k2")), 3, "sink 'k2' is listed", "has no properties");
    }

    @Test
    void componentWithoutTypeIsAnError() {
        assertErrorAt(build(replaceLine(VALID, 11, null)), 12, "a1.sinks.k1.type is missing");
    }

    @Test
    void twoComponentsClaimingOnePortIsAnError() {
        String text = replaceLine(VALID, 1, "a1.sources = r1 r2") + """
                a1.sources.r2.type = netcat
                a1.sources.r2.bind = localhost
                a1.sources.r2.port = 44444
                a1.sources.r2.channels = c1
                """;
        assertErrorAt(build(text), 13, "a1.sources.r2 claims tcp:localhost:44444", "a1.sources.r1 already uses");
    }

    @Test
    void everyErrorIsReportedAtOnceInLineOrder() {
        String text = replaceLine(replaceLine(replaceLine(VALID, 6, "a1.sources.r1.port = x"), 9,
                "a1.channels.c1.capacity = 0"), 11, "a1.sinks.k1.type = nope");
        List<Problem> errors = build(text).problems().sorted().stream().filter(Problem::isError).toList();
        assertEquals(List.of(6, 9, 11), errors.stream().map(p -> p.location().line()).toList(), errors.toString());
    }

    @Test
    void unknownKeyIsAWarningWithDidYouMean() {
        PlanBuilder.Result r = build(VALID + "a1.sources.r1.prot = 1\n");
        assertTrue(r.ok());
        Problem w = r.problems().warnings().get(0);
        assertEquals(13, w.location().line());
        assertTrue(w.message().contains("did you mean 'port'"), w::toString);
    }

    @Test
    void invalidAgentKeyIsAnErrorWithAHint() {
        assertErrorAt(build(VALID + "a1.source.r1.type = netcat\n"), 13, "a1.source.r1.type is not a valid agent key",
                "did you mean 'sources'");
    }

    @Test
    void emptyValueIsAnError() {
        assertErrorAt(build(replaceLine(VALID, 9, "a1.channels.c1.capacity =")), 9, "has an empty value");
    }

    @Test
    void missingAgentNamesTheAgentsThatExist() {
        PropertiesReader.Result r = PropertiesReader.parse("agent.conf", VALID.getBytes(StandardCharsets.UTF_8));
        PlanBuilder.Result result = PlanBuilder.build("a2",
                LoadedConfig.fromLines(r.lines(), new ArrayList<>(), Map.of(), new Properties()), TestSpecs.registry());
        Problem p = onlyError(result);
        assertTrue(p.message().contains("no agent named 'a2'") && p.message().contains("a1"), p::toString);
    }

    @Test
    void missingChannelsListIsAnError() {
        PlanBuilder.Result r = build(replaceLine(VALID, 2, null));
        assertFalse(r.ok());
        assertTrue(r.problems().errors().stream().anyMatch(p -> p.message().contains("a1.channels is missing")),
                r.problems().errors().toString());
    }

    @Test
    void unlistedComponentAndUnattachedChannelAreWarningsAndAreNotRun() {
        String text = replaceLine(VALID, 2, "a1.channels = c1 c2") + """
                a1.channels.c2.type = memory
                a1.sinks.k9.type = null
                a1.sinks.k9.channel = c1
                """;
        PlanBuilder.Result r = build(text);
        assertTrue(r.ok(), r.problems().sorted().toString());
        String warnings = r.problems().warnings().stream().map(Problem::toString).collect(Collectors.joining("\n"));
        assertTrue(warnings.contains("channel 'c2' has no source or sink attached"), warnings);
        assertTrue(warnings.contains("a1.sinks.k9 is configured but not listed"), warnings);
        assertEquals(1, r.plan().channels().size());
        assertEquals(1, r.plan().sinks().size());
    }

    @Test
    void sinkInTwoGroupsIsAnError() {
        String text = replaceLine(VALID, 3, "a1.sinks = k1 k2") + """
                a1.sinks.k2.type = null
                a1.sinks.k2.channel = c1
                a1.sinkgroups = g1 g2
                a1.sinkgroups.g1.sinks = k1
                a1.sinkgroups.g2.sinks = k1 k2
                """;
        PlanBuilder.Result r = build(text);
        assertTrue(r.problems().errors().stream().anyMatch(p -> p.location().line() == 17
                && p.message().contains("sink 'k1' is in sink group 'g1' and in 'g2'")), r.problems().errors().toString());
    }

    @Test
    void sinkGroupNamingAnUnknownSinkOrLackingSinksIsAnError() {
        String text = VALID + """
                a1.sinkgroups = g1 g2
                a1.sinkgroups.g1.sinks = k1 k7
                a1.sinkgroups.g2.processor.type = default
                """;
        List<Problem> errors = build(text).problems().sorted().stream().filter(Problem::isError).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("names 'k7'"), errors.toString());
        assertTrue(errors.get(1).message().contains("a1.sinkgroups.g2.sinks is missing"), errors.toString());
    }

    @Test
    void interceptorWithoutTypeAndUnknownInterceptorTypeAreErrors() {
        String text = VALID + """
                a1.sources.r1.interceptors = i1 i2
                a1.sources.r1.interceptors.i2.type = multi_static
                """;
        List<Problem> errors = build(text).problems().sorted().stream().filter(Problem::isError).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("interceptor 'i1' of a1.sources.r1 has no type"), errors.toString());
        assertTrue(errors.get(1).message().contains("unknown interceptor type 'multi_static'"), errors.toString());
    }

    @Test
    void replicatingSelectorRefusesAnOptionalChannelTheSourceDoesNotHave() {
        assertErrorAt(build(VALID + "a1.sources.r1.selector.optional = c2\n"), 13, "selector.optional",
                "channel 'c2' is not one of the source's channels");
    }

    @Test
    void unresolvedVariableIsAWarningAndATypeErrorWhereANumberIsNeeded() {
        PlanBuilder.Result r = build(replaceLine(VALID, 6, "a1.sources.r1.port = ${env:NO_SUCH_PORT}"));
        assertErrorAt(r, 6, "${env:NO_SUCH_PORT}", "not a whole number");
        assertTrue(r.problems().warnings().stream().anyMatch(w -> w.message().contains("variable in it is not set")));
    }

    @Test
    void keysOfOtherAgentsAreNotValidated() {
        assertTrue(build(VALID + "a2.sources.r1.type = whatever\na2.bogus = 1\n").ok());
    }

    @Test
    void dotlessKeysAreVariablesNotErrors() {
        assertNotNull(build("NC_PORT = 6667\n" + VALID.replace("= 44444", "= ${NC_PORT}")).plan());
    }

    @Test
    void badInterceptorRegexIsAnErrorAtItsLine() {
        String text = VALID + """
                a1.sources.r1.interceptors = f
                a1.sources.r1.interceptors.f.type = regex_filter
                a1.sources.r1.interceptors.f.regex = [unclosed
                """;
        assertErrorAt(build(text), 15, "a1.sources.r1.interceptors.f.regex = [unclosed", "not a valid Java regular expression");
    }

    @Test
    void badMillisPatternOfARegexExtractorSerializerIsAnErrorAtItsLine() {
        String text = VALID + """
                a1.sources.r1.interceptors = x
                a1.sources.r1.interceptors.x.type = regex_extractor
                a1.sources.r1.interceptors.x.regex = (\\d+)
                a1.sources.r1.interceptors.x.serializers = s1
                a1.sources.r1.interceptors.x.serializers.s1.name = t
                a1.sources.r1.interceptors.x.serializers.s1.type = org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer
                a1.sources.r1.interceptors.x.serializers.s1.pattern = yyyy-bb
                """;
        assertErrorAt(build(text), 19, "serializers.s1.pattern", "not a valid Joda-Time pattern");
    }

    @Test
    void multiplexingMappingToAnUndeclaredChannelIsAnErrorAtTheMappingLine() {
        String text = VALID + """
                a1.sources.r1.selector.type = multiplexing
                a1.sources.r1.selector.header = state
                a1.sources.r1.selector.mapping.CZ = c1 c5
                """;
        assertErrorAt(build(text), 15, "a1.sources.r1.selector.mapping.CZ", "channel 'c5' is not one of the source's channels");
    }

    @Test
    void failoverGroupWithDuplicatePrioritiesIsAnErrorAtThePriorityLine() {
        String text = replaceLine(VALID, 3, "a1.sinks = k1 k2") + """
                a1.sinks.k2.type = null
                a1.sinks.k2.channel = c1
                a1.sinkgroups = g1
                a1.sinkgroups.g1.sinks = k1 k2
                a1.sinkgroups.g1.processor.type = failover
                a1.sinkgroups.g1.processor.priority.k1 = 5
                a1.sinkgroups.g1.processor.priority.k2 = 5
                """;
        assertErrorAt(build(text), 19, "priority.k2", "the same as sink 'k1'");
    }

    @Test
    void loadBalanceGroupWithOneSinkAndDefaultGroupWithTwoAreErrors() {
        String one = VALID + """
                a1.sinkgroups = g1
                a1.sinkgroups.g1.sinks = k1
                a1.sinkgroups.g1.processor.type = load_balance
                """;
        assertErrorAt(build(one), 15, "needs at least two sinks");
        String two = replaceLine(VALID, 3, "a1.sinks = k1 k2") + """
                a1.sinks.k2.type = null
                a1.sinks.k2.channel = c1
                a1.sinkgroups = g1
                a1.sinkgroups.g1.sinks = k1 k2
                """;
        assertErrorAt(build(two), 16, "the default processor runs exactly one sink");
    }
}
