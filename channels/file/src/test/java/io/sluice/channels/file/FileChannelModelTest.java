package io.sluice.channels.file;

import static io.sluice.testkit.TestEvents.bodies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.testkit.ChannelHarness;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random transaction sequences (puts and takes of random sizes, committed, rolled back or
 * abandoned; clean restarts; crashes) against a model that is a plain queue. Checkpoints run every
 * few milliseconds alongside and segments are tiny, so rolls, segment deletion and replay from
 * every kind of checkpoint position are all exercised. On failure the seed reproduces the run.
 */
class FileChannelModelTest {
    private static final int CAPACITY = 120;

    @TempDir
    Path tmp;

    private int runs;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomTransactionsRestartsAndCrashesMatchAQueue(long seed) throws Exception {
        Random random = new Random(seed);
        String cache = random.nextBoolean() ? "0" : "1000000";
        Path root = tmp.resolve("run-" + runs++);
        FileChannel channel = start(root, cache);
        Deque<String> model = new ArrayDeque<>();
        int next = 0;
        List<String> trace = new ArrayList<>();
        try {
            for (int step = 0; step < 500; step++) {
                int op = random.nextInt(100);
                if (op < 45) {
                    int k = 1 + random.nextInt(8);
                    List<Event> events = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        events.add(Event.ofString("s" + seed + "-" + next++));
                    }
                    int outcome = random.nextInt(10);
                    trace.add("put " + k + (outcome == 0 ? " rollback" : outcome == 1 ? " abandon" : " commit"));
                    try (Transaction tx = channel.begin()) {
                        tx.put(events);
                        if (outcome == 0) {
                            tx.rollback();
                        } else if (outcome > 1) {
                            if (model.size() + k > CAPACITY) {
                                assertThrows(ChannelFullException.class, tx::commit);
                                trace.add("  full");
                                continue;
                            }
                            tx.commit();
                            model.addAll(bodies(events));
                        }
                    }
                } else if (op < 88) {
                    int k = 1 + random.nextInt(8);
                    boolean commit = random.nextInt(5) > 0;
                    trace.add("take " + k + (commit ? " commit" : " rollback"));
                    try (Transaction tx = channel.begin()) {
                        List<String> taken = bodies(tx.take(k));
                        List<String> head = new ArrayList<>(model).subList(0, Math.min(k, model.size()));
                        assertEquals(head, taken, () -> "seed " + seed + ", after " + trace);
                        if (commit) {
                            tx.commit();
                            for (int i = 0; i < taken.size(); i++) {
                                model.removeFirst();
                            }
                        } else {
                            tx.rollback();
                        }
                    }
                } else if (op < 94) {
                    trace.add("restart");
                    channel.stop();
                    channel = start(root, cache);
                } else {
                    trace.add("crash");
                    Path copy = Crash.copy(channel, root, tmp.resolve("run-" + runs++));
                    channel.stop();
                    root = copy;
                    channel = start(root, cache);
                }
                assertEquals(model.size(), channel.size(), () -> "seed " + seed + ", after " + trace);
            }
            assertEquals(new ArrayList<>(model), bodies(new ChannelHarness(channel).drain(1000)),
                    () -> "seed " + seed + ", after " + trace);
            assertEquals(0L, channel.metrics().lostEvents());
        } finally {
            channel.stop();
        }
    }

    private static FileChannel start(Path root, String cache) throws Exception {
        return FileChannels.in(root).set("capacity", String.valueOf(CAPACITY), "transactionCapacity", "20",
                "maxFileSize", "1024", "checkpointInterval", "3", "eventCacheBytes", cache).start();
    }
}
