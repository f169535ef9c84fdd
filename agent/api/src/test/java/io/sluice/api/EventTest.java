package io.sluice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void headersKeepInsertionOrderAndReplaceInPlace() {
        Event e = Event.ofString("x");
        e.putHeader("b", "1");
        e.putHeader("a", "2");
        e.putHeader("b", "3");
        assertEquals(List.of("b", "a"), List.copyOf(e.headers().keySet()));
        assertEquals("{b=3, a=2}", e.headers().toString(), "Flume's Map.toString form, used by logger and header_and_text");
        assertEquals(Map.of("b", "3", "a", "2"), e.headers());
    }

    @Test
    void manyHeadersGrowTheStoreAndRemovalKeepsTheRestInOrder() {
        Event e = Event.ofString("x");
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            e.putHeader("h" + i, "v" + i);
            expected.put("h" + i, "v" + i);
        }
        e.removeHeader("h0");
        e.removeHeader("h10");
        e.removeHeader("h19");
        e.removeHeader("absent");
        expected.remove("h0");
        expected.remove("h10");
        expected.remove("h19");
        assertEquals(expected, e.headers());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(e.headers().keySet()));
        assertEquals(17, e.headerCount());
        assertNull(e.header("h10"));
        assertFalse(e.hasHeader("h19"));
        assertTrue(e.hasHeader("h18"));
    }

    @Test
    void headerViewIsReadOnlyAndLive() {
        Event e = Event.of(Map.of("a", "1"), new byte[0]);
        Map<String, String> view = e.headers();
        assertThrows(UnsupportedOperationException.class, () -> view.put("b", "2"));
        e.putHeader("b", "2");
        assertEquals(2, view.size());
    }

    @Test
    void setHeadersReplacesEverythingAndSizeCountsHeaderText() {
        Event e = Event.ofString("body");
        e.putHeader("old", "x");
        e.setHeaders(Map.of("k", "vv"));
        assertEquals(Map.of("k", "vv"), e.headers());
        assertEquals(4 + 2 * 3, e.sizeInBytes());
        e.setHeaders(Map.of());
        assertEquals(0, e.headerCount());
        assertThrows(NullPointerException.class, () -> e.putHeader("k", null));
    }

    @Test
    void stampHeadersGivesEveryEventTheHeadersAndAChangeToOneNeverShowsInAnother() {
        List<Event> batch = List.of(Event.ofString("a"), Event.ofString("b"), Event.ofString("c"));
        Event.stampHeaders(batch, new HeaderStamp("host", "h1", false), new HeaderStamp("dc", "NYC", false));
        for (Event e : batch) {
            assertEquals("{host=h1, dc=NYC}", e.headers().toString());
        }
        batch.get(1).putHeader("dc", "LON");
        batch.get(2).removeHeader("host");
        batch.get(0).putHeader("extra", "x");
        assertEquals("{host=h1, dc=NYC, extra=x}", batch.get(0).headers().toString());
        assertEquals("{host=h1, dc=LON}", batch.get(1).headers().toString());
        assertEquals("{dc=NYC}", batch.get(2).headers().toString());
        assertEquals(1 + 2 * ("dc".length() + "NYC".length()), batch.get(2).sizeInBytes());
    }

    @Test
    void stampHeadersRespectsPreserveExistingPerEventAndAppliesStampsInOrder() {
        Event had = Event.ofString("a");
        had.putHeader("dc", "LON");
        List<Event> batch = List.of(Event.ofString("x"), had, Event.ofString("y"), Event.ofString("z"));
        Event.stampHeaders(batch, new HeaderStamp("dc", "NYC", true));
        assertEquals(List.of("NYC", "LON", "NYC", "NYC"), batch.stream().map(e -> e.header("dc")).toList());
        Event.stampHeaders(batch, new HeaderStamp("dc", "PAR", false), new HeaderStamp("dc", "BER", true),
                new HeaderStamp("zone", "eu", true));
        assertEquals(List.of("PAR", "PAR", "PAR", "PAR"), batch.stream().map(e -> e.header("dc")).toList());
        assertEquals("{dc=PAR, zone=eu}", batch.get(0).headers().toString());
        batch.get(3).setHeaders(Map.of("only", "1"));
        assertEquals("PAR", batch.get(2).header("dc"));
    }
}
