package io.sluice.runtime.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.Event;
import io.sluice.api.config.ComponentSpec;
import io.sluice.testkit.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Channel selection per spec §6, by index into the source's channels [c1, c2, c3]. */
class SelectorsTest {
    private static final List<String> CHANNELS = List.of("c1", "c2", "c3");

    private static ChannelSelector build(ComponentSpec<SelectorContext, ChannelSelector> spec, Map<String, String> conf)
            throws Exception {
        return spec.create(new SelectorContext("r1", Specs.settings(spec, conf), CHANNELS));
    }

    private static Event withState(String value) {
        Event e = Event.ofString("x");
        if (value != null) {
            e.putHeader("state", value);
        }
        return e;
    }

    @Test
    void replicatingSendsToAllWithOptionalOnesApart() throws Exception {
        ChannelSelector s = build(ReplicatingSelector.SPEC, Map.of("optional", "c3"));
        assertArrayEquals(new int[] {0, 1}, s.required(withState(null)));
        assertArrayEquals(new int[] {2}, s.optional(withState(null)));
    }

    @Test
    void multiplexingRoutesByExactHeaderValueWithDefaultAndOptional() throws Exception {
        ChannelSelector s = build(MultiplexingSelector.SPEC, Map.of("header", "state", "mapping.CZ", "c1",
                "mapping.US", "c2  c3", "default", "c3", "optional.CZ", "c1 c2", "optional.XX", "c1"));
        assertArrayEquals(new int[] {0}, s.required(withState("CZ")));
        assertArrayEquals(new int[] {1}, s.optional(withState("CZ")), "required wins over optional");
        assertArrayEquals(new int[] {1, 2}, s.required(withState("US")), "any run of whitespace separates names");
        assertArrayEquals(new int[] {2}, s.required(withState("cz")), "case-sensitive: unmapped goes to default");
        assertArrayEquals(new int[] {2}, s.required(withState(null)));
        assertArrayEquals(new int[] {2}, s.required(withState("  ")));
        assertArrayEquals(new int[] {0}, s.optional(withState("XX")), "optional applies to an unmapped value too");
        assertArrayEquals(new int[0], s.optional(withState(null)));
    }

    @Test
    void multiplexingRefusesUnknownChannelsAndEmptyMappingsNamingTheKey() {
        InvalidSettingException unknown = assertThrows(InvalidSettingException.class,
                () -> build(MultiplexingSelector.SPEC, Map.of("mapping.CZ", "c9")));
        assertEquals("mapping.CZ", unknown.key());
        InvalidSettingException optional = assertThrows(InvalidSettingException.class,
                () -> build(MultiplexingSelector.SPEC, Map.of("optional.CZ", "c1 c7")));
        assertEquals("optional.CZ", optional.key());
        assertThrows(InvalidSettingException.class, () -> build(MultiplexingSelector.SPEC, Map.of("default", "nope")));
    }

    @Test
    void loadBalancingRoundRobinGivesEachEventOneChannelInTurn() throws Exception {
        ChannelSelector s = build(LoadBalancingSelector.SPEC, Map.of());
        int[] counts = new int[3];
        for (int i = 0; i < 30; i++) {
            int[] r = s.required(withState(null));
            assertEquals(1, r.length);
            counts[r[0]]++;
        }
        assertArrayEquals(new int[] {10, 10, 10}, counts);
    }
}
