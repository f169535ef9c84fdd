package io.sluice.channels.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.testkit.ChannelHarness;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MemoryChannelConcurrencyTest {

    private static final int PUTTERS = 4;
    private static final int TAKERS = 4;
    private static final int PER_PUTTER = 100_000;
    private static final int TOTAL = PUTTERS * PER_PUTTER;
    private static final int CAPACITY = 1_000;
    private static final int TX_CAPACITY = 100;
    // Bare events cost 4 bytes and a third carry a 4-byte header, so bytes run out before slots do.
    private static final long BYTE_CAPACITY = 4L * CAPACITY;

    private static Event event(int id) {
        Event e = Event.of(ByteBuffer.allocate(4).putInt(id).array());
        if (id % 3 == 0) {
            e.putHeader("h", "x");
        }
        return e;
    }

    private static int id(Event e) {
        return ByteBuffer.wrap(e.body()).getInt();
    }

    @Test
    @Timeout(120)
    void everyEventIsTakenExactlyOnceUnderConcurrentPutsTakesAndRollbacks() throws Exception {
        ChannelCounter counter = new ChannelCounter("c1");
        MemoryChannel channel = MemoryChannels.started(counter, "capacity", String.valueOf(CAPACITY),
                "transactionCapacity", String.valueOf(TX_CAPACITY), "keep-alive", "1",
                "byteCapacity", String.valueOf(BYTE_CAPACITY), "byteCapacityBufferPercentage", "0");
        AtomicIntegerArray takenTimes = new AtomicIntegerArray(TOTAL);
        AtomicLong committedTakes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(PUTTERS + TAKERS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int p = 0; p < PUTTERS; p++) {
                int from = p * PER_PUTTER;
                work.add(pool.submit(() -> putAll(channel, from, from + PER_PUTTER)));
            }
            for (int t = 0; t < TAKERS; t++) {
                work.add(pool.submit(() -> takeUntilAllTaken(channel, takenTimes, committedTakes)));
            }
            for (Future<?> f : work) {
                f.get(110, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> wrong = new ArrayList<>();
        for (int id = 0; id < TOTAL && wrong.size() < 10; id++) {
            if (takenTimes.get(id) != 1) {
                wrong.add("event " + id + " taken " + takenTimes.get(id) + " times");
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(0, channel.size());
        assertEquals(TOTAL, counter.putSuccess());
        assertEquals(TOTAL, counter.takeSuccess());
        // Every slot and byte came back: bare events filling every slot also use every byte exactly.
        List<Event> refill = new ArrayList<>();
        for (int i = 1; i <= CAPACITY; i++) {
            refill.add(event(3 * i + 1));
        }
        new ChannelHarness(channel).put(refill, TX_CAPACITY);
        assertEquals(CAPACITY, channel.size());
    }

    private static void putAll(MemoryChannel channel, int from, int to) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int next = from;
        while (next < to) {
            int n = Math.min(to - next, 1 + random.nextInt(TX_CAPACITY));
            List<Event> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(event(next + i));
            }
            try (Transaction tx = channel.begin()) {
                int split = random.nextInt(n + 1);
                tx.put(batch.subList(0, split));
                tx.put(batch.subList(split, n));
                if (random.nextInt(10) == 0) {
                    tx.rollback();
                    continue;
                }
                tx.commit();
                next += n;
            } catch (ChannelException full) {
                // No room within keep-alive: the batch was rolled back by close(), so put it again.
            }
        }
    }

    private static void takeUntilAllTaken(MemoryChannel channel, AtomicIntegerArray takenTimes, AtomicLong committed) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (committed.get() < TOTAL) {
            try (Transaction tx = channel.begin()) {
                List<Event> taken = new ArrayList<>(tx.take(1 + random.nextInt(TX_CAPACITY)));
                if (random.nextBoolean() && taken.size() < TX_CAPACITY) {
                    taken.addAll(tx.take(TX_CAPACITY - taken.size()));
                }
                if (random.nextInt(10) == 0) {
                    tx.rollback();
                    continue;
                }
                tx.commit();
                for (Event e : taken) {
                    takenTimes.incrementAndGet(id(e));
                }
                committed.addAndGet(taken.size());
            }
        }
    }
}
