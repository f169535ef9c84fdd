package io.sluice.sources.local;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalCounterTest {

    @Test
    void countsFromZeroThroughEveryCarryLikeLongToString() {
        DecimalCounter c = new DecimalCounter(0);
        for (long i = 0; i <= 100_001; i++) {
            assertEquals(Long.toString(i), new String(c.toBytes(), US_ASCII));
            c.increment();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {9, 99, 999_999_999L, 9_999_999_999_999_999L, 999_999_999_999_999_999L,
            Long.MAX_VALUE - 2})
    void carriesIntoANewLeadingDigitUpToLongMaxValue(long start) {
        DecimalCounter c = new DecimalCounter(start);
        for (long v = start; v < start + 2; v++) {
            c.increment();
            assertEquals(Long.toString(v + 1), new String(c.toBytes(), US_ASCII));
        }
    }

    @Test
    void setRewindsToAnyValue() {
        SplittableRandom random = new SplittableRandom(42);
        DecimalCounter c = new DecimalCounter(123_456);
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong(Long.MAX_VALUE);
            c.set(v);
            assertEquals(Long.toString(v), new String(c.toBytes(), US_ASCII));
        }
        c.set(0);
        assertEquals("0", new String(c.toBytes(), US_ASCII));
    }

    @Test
    void eachCallReturnsAFreshArray() {
        DecimalCounter c = new DecimalCounter(7);
        byte[] first = c.toBytes();
        c.increment();
        assertEquals("7", new String(first, US_ASCII));
    }
}
