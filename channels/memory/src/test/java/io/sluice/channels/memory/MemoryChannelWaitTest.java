package io.sluice.channels.memory;

import static io.sluice.channels.memory.MemoryChannels.millisSince;
import static io.sluice.testkit.TestEvents.bodies;
import static io.sluice.testkit.TestEvents.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.testkit.Await;
import io.sluice.testkit.ChannelHarness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keep-alive waits and what ends them. Long keep-alives make a missed wake-up show as a timeout. */
@Timeout(30)
class MemoryChannelWaitTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicReference<Thread> worker = new AtomicReference<>();

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    private <T> Future<T> inBackground(java.util.concurrent.Callable<T> work) {
        return pool.submit(() -> {
            worker.set(Thread.currentThread());
            return work.call();
        });
    }

    private void awaitWorkerBlocked() {
        Await.until(Duration.ofSeconds(10),
                () -> worker.get() != null && worker.get().getState() == Thread.State.TIMED_WAITING,
                () -> "worker never blocked in the channel");
    }

    @Test
    void emptyTakeWaitsAboutKeepAliveThenReturnsEmpty() {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "1");
        long start = System.nanoTime();
        List<Event> taken = new ChannelHarness(ch).take(10);
        long waited = millisSince(start);
        assertTrue(taken.isEmpty());
        assertTrue(waited >= 900 && waited < 10_000, "waited " + waited + " ms for keep-alive 1 s");
    }

    @Test
    void takeBlockedOnEmptyChannelWakesPromptlyWhenAnotherThreadCommits() throws Exception {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "60");
        long start = System.nanoTime();
        Future<List<Event>> taken = inBackground(() -> new ChannelHarness(ch).take(10));
        awaitWorkerBlocked();
        new ChannelHarness(ch).put(numbered("e", 3));
        assertEquals(List.of("e-0", "e-1", "e-2"), bodies(taken.get(20, TimeUnit.SECONDS)));
        assertTrue(millisSince(start) < 20_000, "taker slept through the commit");
    }

    @Test
    void takeWaitsOnlyForTheFirstEventThenTakesWhatIsThere() {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "60");
        new ChannelHarness(ch).put(numbered("e", 3));
        long start = System.nanoTime();
        assertEquals(3, new ChannelHarness(ch).take(50).size());
        assertTrue(millisSince(start) < 20_000, "take waited for more events after the first");
    }

    @Test
    void rolledBackTakeWakesAWaitingTaker() throws Exception {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "60");
        new ChannelHarness(ch).put(numbered("e", 2));
        try (Transaction holder = ch.begin()) {
            assertEquals(2, holder.take(2).size());
            Future<List<Event>> taken = inBackground(() -> new ChannelHarness(ch).take(10));
            awaitWorkerBlocked();
            holder.rollback();
            assertEquals(List.of("e-0", "e-1"), bodies(taken.get(20, TimeUnit.SECONDS)));
        }
    }

    @Test
    void interruptedTakeReturnsEmptyAndRestoresTheInterruptFlag() throws Exception {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "60");
        Future<Boolean> emptyAndInterrupted = inBackground(() -> {
            try (Transaction tx = ch.begin()) {
                List<Event> taken = tx.take(10);
                tx.commit();
                return taken.isEmpty() && Thread.currentThread().isInterrupted();
            }
        });
        awaitWorkerBlocked();
        worker.get().interrupt();
        assertTrue(emptyAndInterrupted.get(20, TimeUnit.SECONDS));
    }

    @Test
    void interruptedCommitWaitFailsWithChannelExceptionAndRestoresTheInterruptFlag() throws Exception {
        MemoryChannel ch = MemoryChannels.started("capacity", "2", "transactionCapacity", "2", "keep-alive", "60");
        new ChannelHarness(ch).put(numbered("e", 2));
        Future<Boolean> failedAndInterrupted = inBackground(() -> {
            try (Transaction tx = ch.begin()) {
                tx.put(Event.ofString("x"));
                ChannelException e = assertThrows(ChannelException.class, tx::commit);
                return !(e instanceof ChannelFullException) && Thread.currentThread().isInterrupted();
            }
        });
        awaitWorkerBlocked();
        worker.get().interrupt();
        assertTrue(failedAndInterrupted.get(20, TimeUnit.SECONDS));
        assertEquals(2, ch.size());
    }

    @Test
    void stopWakesWaitingTakersWithAnEmptyBatch() throws Exception {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "60");
        Future<List<Event>> taken = inBackground(() -> new ChannelHarness(ch).take(10));
        awaitWorkerBlocked();
        ch.stop();
        assertTrue(taken.get(20, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void stopWakesWaitingCommitsWhichFailAsFull() throws Exception {
        MemoryChannel ch = MemoryChannels.started("capacity", "2", "transactionCapacity", "2", "keep-alive", "60");
        new ChannelHarness(ch).put(numbered("e", 2));
        Future<Void> put = inBackground(() -> {
            new ChannelHarness(ch).put(numbered("x", 1));
            return null;
        });
        awaitWorkerBlocked();
        ch.stop();
        Exception e = assertThrows(Exception.class, () -> put.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ChannelFullException, String.valueOf(e.getCause()));
    }

    @Test
    void stoppedChannelHandsOutWhatIsQueuedWithoutWaitingForMore() {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "60");
        new ChannelHarness(ch).put(numbered("e", 1));
        ch.stop();
        long start = System.nanoTime();
        assertEquals(1, new ChannelHarness(ch).take(10).size());
        assertTrue(new ChannelHarness(ch).take(10).isEmpty());
        assertTrue(millisSince(start) < 20_000, "a stopped channel waited keep-alive");
    }

    @Test
    void restartedChannelStillHoldsEventsQueuedBeforeStop() {
        MemoryChannel ch = MemoryChannels.started("keep-alive", "0");
        new ChannelHarness(ch).put(numbered("e", 2));
        ch.stop();
        ch.start();
        assertEquals(2, ch.size());
        assertEquals(List.of("e-0", "e-1"), bodies(new ChannelHarness(ch).take(10)));
    }
}
