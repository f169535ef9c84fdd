package io.sluice.channels.memory;

import static io.sluice.channels.memory.MemoryChannels.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.Specs;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryChannelSpecTest {

    @Test
    void specDeclaresFlumeKeysWithFlumeDefaultsInOrder() {
        ComponentSpec<ChannelContext, Channel> spec = MemoryChannel.SPEC;
        assertEquals(Kind.CHANNEL, spec.kind());
        assertEquals("memory", spec.alias());
        assertEquals(List.of("org.apache.flume.channel.MemoryChannel"), spec.classNames());
        assertEquals(List.of("capacity", "transactionCapacity", "keep-alive", "byteCapacity",
                "byteCapacityBufferPercentage"), List.copyOf(spec.keys().keySet()));
        assertSame(MemoryChannel.TRANSACTION_CAPACITY, spec.transactionCapacityKey());
        assertEquals(100, MemoryChannel.CAPACITY.defaultValue());
        assertEquals(100, MemoryChannel.TRANSACTION_CAPACITY.defaultValue());
        assertEquals(3, MemoryChannel.KEEP_ALIVE.defaultValue());
        assertEquals(20, MemoryChannel.BYTE_CAPACITY_BUFFER_PERCENTAGE.defaultValue());
        assertNull(MemoryChannel.BYTE_CAPACITY.defaultValue());
        assertEquals("80% of the JVM's max heap", MemoryChannel.BYTE_CAPACITY.defaultText());
        for (ConfigKey<?> key : spec.keys().values()) {
            assertFalse(key.doc().isBlank(), "key " + key + " has no doc");
            assertTrue(key.check() != null, "key " + key + " has no check");
        }
        assertFalse(spec.description().isBlank());
    }

    @Test
    void serviceLoaderFindsTheMemoryChannelSpec() {
        boolean found = false;
        for (ComponentProvider provider : ServiceLoader.load(ComponentProvider.class)) {
            found |= provider.components().contains(MemoryChannel.SPEC);
        }
        assertTrue(found, "no ComponentProvider lists MemoryChannel.SPEC");
    }

    @Test
    void crossCheckRejectsTransactionCapacityAboveCapacityNamingBothValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Specs.settings(MemoryChannel.SPEC, raw("capacity", "10", "transactionCapacity", "20")));
        assertTrue(e.getMessage().contains("transactionCapacity = 20"), e.getMessage());
        assertTrue(e.getMessage().contains("capacity = 10"), e.getMessage());
    }

    @Test
    void crossCheckComparesTransactionCapacityWithTheDefaultCapacity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Specs.settings(MemoryChannel.SPEC, raw("transactionCapacity", "1000")));
        assertTrue(e.getMessage().contains("transactionCapacity = 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("capacity = 100"), e.getMessage());
    }

    @Test
    void transactionCapacityEqualToCapacityIsAccepted() {
        Settings s = Specs.settings(MemoryChannel.SPEC, raw("capacity", "50", "transactionCapacity", "50"));
        assertEquals(50, s.get(MemoryChannel.TRANSACTION_CAPACITY));
    }

    @ParameterizedTest(name = "{0} = {1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "capacity                     | 0    | must be at least 1",
        "capacity                     | -5   | must be at least 1",
        "capacity                     | lots | is not a whole number",
        "transactionCapacity          | 0    | must be at least 1",
        "keep-alive                   | -1   | must be at least 0",
        "byteCapacity                 | -1   | must be at least 0",
        "byteCapacityBufferPercentage | 101  | must be from 0 to 100",
        "byteCapacityBufferPercentage | -1   | must be from 0 to 100",
    })
    void invalidValuesAreRefusedNamingKeyValueAndRule(String key, String value, String rule) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Specs.settings(MemoryChannel.SPEC, raw(key, value)));
        assertTrue(e.getMessage().startsWith(key + " = " + value + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }

    @Test
    void bufferPercentageThatLeavesNoUsableBytesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Specs.settings(MemoryChannel.SPEC, raw("byteCapacity", "1000", "byteCapacityBufferPercentage", "100")));
        assertTrue(e.getMessage().contains("byteCapacityBufferPercentage = 100"), e.getMessage());
        assertTrue(e.getMessage().contains("byteCapacity = 1000"), e.getMessage());
    }

    @Test
    void zeroByteCapacityIsUnlimitedWhateverTheBufferPercentage() {
        Specs.settings(MemoryChannel.SPEC, raw("byteCapacity", "0", "byteCapacityBufferPercentage", "100"));
    }

    @Test
    void constructorRefusesSettingsThatSkippedValidation() {
        Settings unchecked = new Settings(Map.of("capacity", 10, "transactionCapacity", 20),
                Map.of("capacity", "10", "transactionCapacity", "20"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new MemoryChannel(new ChannelContext("c1", unchecked, new ChannelCounter("c1"))));
        assertTrue(e.getMessage().contains("transactionCapacity = 20"), e.getMessage());
    }

    @Test
    void usableBytesHoldsBackTheBufferPercentageWithoutOverflow() {
        assertEquals(800, MemoryChannel.usableBytes(1000, 20));
        assertEquals(1000, MemoryChannel.usableBytes(1000, 0));
        assertEquals(0, MemoryChannel.usableBytes(1000, 100));
        assertEquals(0, MemoryChannel.usableBytes(1, 20));
        assertEquals(Long.MAX_VALUE, MemoryChannel.usableBytes(0, 20));
        assertEquals(Long.MAX_VALUE, MemoryChannel.usableBytes(Long.MAX_VALUE, 0));
        long eightyPercent = MemoryChannel.usableBytes(Long.MAX_VALUE, 20);
        assertTrue(eightyPercent > 0 && eightyPercent <= Long.MAX_VALUE / 10 * 8 + 8, String.valueOf(eightyPercent));
    }

    @Test
    void channelReportsConfiguredCapacity() {
        assertEquals(250, MemoryChannels.started("capacity", "250").capacity());
        assertEquals(100, MemoryChannels.started().capacity());
    }
}
