package io.sluice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.runtime.interceptors.HostInterceptor;
import io.sluice.runtime.interceptors.RegexFilterInterceptor;
import io.sluice.runtime.interceptors.RemoveHeaderInterceptor;
import io.sluice.runtime.interceptors.StaticInterceptor;
import io.sluice.testkit.Specs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fused chain gives exactly what running its interceptors one after another gives. */
class InterceptorFusionTest {

    private static Interceptor build(ComponentSpec<InterceptorContext, Interceptor> spec, String... conf)
            throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < conf.length; i += 2) {
            settings.put(conf[i], conf[i + 1]);
        }
        return spec.create(new InterceptorContext("r1", "i", Specs.settings(spec, settings)));
    }

    /** Events with a mix of shared, own and no headers, so the shared-array shortcut meets every case. */
    private static List<Event> batch() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Event e = Event.ofString(i % 4 == 0 ? "drop-" + i : "keep-" + i);
            if (i % 3 == 0) {
                e.putHeader("dc", "LON");
            }
            if (i % 5 == 0) {
                e.putHeader("gone", "x");
            }
            events.add(e);
        }
        return events;
    }

    private static List<String> render(List<Event> events) {
        return events.stream().map(e -> e.headers() + " " + new String(e.body())).toList();
    }

    @Test
    void fusedChainMatchesTheChainRunOneByOne() throws Exception {
        List<Interceptor> chain = List.of(
                build(StaticInterceptor.SPEC, "key", "dc", "value", "NYC"),
                build(HostInterceptor.SPEC, "hostHeader", "h"),
                build(StaticInterceptor.SPEC, "key", "dc", "value", "PAR", "preserveExisting", "false"),
                build(RemoveHeaderInterceptor.SPEC, "withName", "gone"),
                build(RegexFilterInterceptor.SPEC, "regex", "^drop", "excludeEvents", "true"),
                build(StaticInterceptor.SPEC, "key", "tier", "value", "edge"),
                build(StaticInterceptor.SPEC, "key", "tier", "value", "core"));

        List<Interceptor> fused = InterceptorFusion.fuse(chain);
        assertEquals(List.of(FusedHeaderStamps.class, FusedEventInterceptors.class, FusedHeaderStamps.class),
                fused.stream().map(Object::getClass).toList());

        List<Event> oneByOne = batch();
        for (Interceptor i : chain) {
            oneByOne = i.intercept(oneByOne);
        }
        List<Event> together = batch();
        for (Interceptor i : fused) {
            together = i.intercept(together);
        }
        assertEquals(render(oneByOne), render(together));
        assertEquals(9, together.size());
        assertEquals("PAR", together.get(0).header("dc"));
        assertEquals("edge", together.get(0).header("tier"));
    }

    @Test
    void aLoneInterceptorIsLeftAsItIs() throws Exception {
        Interceptor alone = build(StaticInterceptor.SPEC);
        assertEquals(List.of(alone), InterceptorFusion.fuse(List.of(alone)));
        assertEquals(List.of(), InterceptorFusion.fuse(List.of()));
    }
}
