package io.sluice.sources.local;

import java.util.Arrays;

/**
 * A non-negative long kept as ASCII decimal digits and incremented in place, so handing out
 * {@code "0", "1", … } as byte arrays costs one small array copy per number instead of a division
 * per digit or a String. Holds values up to {@link Long#MAX_VALUE}. Not thread-safe.
 *
 * <pre>
 * digits: [ . . . . . . . . . . . . . . . . '1' '0' '9' ]   start = 16, value 109
 * increment: '9' → '0' carries into '0' → '1'            → 110
 * </pre>
 */
final class DecimalCounter {
    private static final int WIDTH = 19; // digits of Long.MAX_VALUE

    private final byte[] digits = new byte[WIDTH];
    private int start;

    DecimalCounter(long value) {
        set(value);
    }

    void set(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("counter value must not be negative: " + value);
        }
        long v = value;
        int i = WIDTH;
        do {
            digits[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        start = i;
    }

    /** The current value's digits, in a new array. */
    byte[] toBytes() {
        return Arrays.copyOfRange(digits, start, WIDTH);
    }

    /** Adds one. The caller never goes past Long.MAX_VALUE (seq stops at totalEvents). */
    void increment() {
        int i = WIDTH - 1;
        while (digits[i] == '9') {
            digits[i] = '0';
            i--;
        }
        if (i < start) {
            digits[i] = '1';
            start = i;
        } else {
            digits[i]++;
        }
    }
}
