package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.testkit.ChannelHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four producers and three consumers (which roll back now and then) on one channel with tiny
 * segments and checkpoints every few milliseconds, then a crash copy: every event is delivered
 * exactly once, and the copy holds exactly what was not taken yet.
 */
class ConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentPutsAndTakesDeliverEveryEventExactlyOnceAndACrashCopyMatches() throws Exception {
        Path root = tmp.resolve("live");
        FileChannel c = FileChannels.in(root).set("maxFileSize", "8192", "checkpointInterval", "5",
                "keep-alive", "1", "capacity", "2000", "transactionCapacity", "100").start();
        int producers = 4;
        int perProducer = 3000;
        ExecutorService pool = Executors.newFixedThreadPool(producers + 3);
        ConcurrentLinkedQueue<String> delivered = new ConcurrentLinkedQueue<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Future<?>> producerDone = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            producerDone.add(pool.submit(() -> {
                ChannelHarness h = new ChannelHarness(c);
                for (int i = 0; i < perProducer; ) {
                    List<Event> batch = new ArrayList<>();
                    for (int k = 0; k < 25; k++) {
                        batch.add(Event.ofString("p" + id + "-" + (i + k)));
                    }
                    try {
                        h.put(batch);
                        i += 25;
                    } catch (ChannelException full) {
                        Thread.onSpinWait();
                    }
                }
                return null;
            }));
        }
        List<Future<?>> consumers = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long seed = k;
            consumers.add(pool.submit(() -> {
                Random random = new Random(seed);
                while (producing.get() || c.size() > 0) {
                    try (Transaction tx = c.begin()) {
                        List<Event> got = tx.take(1 + random.nextInt(60));
                        if (random.nextInt(6) == 0) {
                            tx.rollback();
                        } else {
                            tx.commit();
                            delivered.addAll(bodies(got));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : producerDone) {
            f.get(60, TimeUnit.SECONDS);
        }
        producing.set(false);
        for (Future<?> f : consumers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Set<String> unique = new HashSet<>(delivered);
        assertEquals(delivered.size(), unique.size(), "no event delivered twice");
        assertEquals(producers * perProducer, unique.size(), "every event delivered");

        new ChannelHarness(c).put(List.of(Event.ofString("last")));
        Path copy = Crash.copy(c, root, tmp.resolve("crashed"));
        c.stop();
        FileChannel after = FileChannels.in(copy).start();
        assertEquals(List.of("last"), bodies(new ChannelHarness(after).drain(100)));
        assertTrue(after.metrics().lostEvents() == 0);
        after.stop();
    }
}
