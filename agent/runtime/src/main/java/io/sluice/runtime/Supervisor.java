package io.sluice.runtime;

import io.sluice.api.Lifecycle;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts sources and sinks and keeps trying, with exponential backoff, when a start fails (a port
 * still in use, a directory not yet mounted). The first failure is logged with its cause, later
 * ones are summarised. Once a component is up, {@code onStarted} runs (e.g. its runner thread).
 */
final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<Lifecycle, ScheduledFuture<?>> retries = new ConcurrentHashMap<>();
    private final Set<Lifecycle> stopped = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Duration minBackoff;
    private final Duration maxBackoff;

    Supervisor(Duration minBackoff, Duration maxBackoff) {
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Starts now in the calling thread; on failure schedules retries. Returns whether it started now. */
    boolean start(String what, Lifecycle component, Runnable onStarted) {
        FailureLog failures = new FailureLog(LOG, what + " start");
        return attempt(what, component, onStarted, failures);
    }

    private boolean attempt(String what, Lifecycle component, Runnable onStarted, FailureLog failures) {
        synchronized (component) {
            if (stopped.contains(component)) {
                return false;
            }
            return startOnce(what, component, onStarted, failures);
        }
    }

    private boolean startOnce(String what, Lifecycle component, Runnable onStarted, FailureLog failures) {
        try {
            component.start();
        } catch (Throwable t) {
            failures.failed(t);
            safeStop(component);
            long millis = Math.min(maxBackoff.toMillis(),
                    minBackoff.toMillis() << Math.min(10, failures.consecutiveFailures() - 1));
            retries.put(component, scheduler.schedule(() -> {
                if (retries.remove(component) != null) {
                    attempt(what, component, onStarted, failures);
                }
            }, millis, TimeUnit.MILLISECONDS));
            return false;
        }
        failures.succeeded();
        LOG.info("Started {}", what);
        onStarted.run();
        return true;
    }

    /** Cancels pending retries and stops the component; a start attempt in progress finishes first. */
    void stop(Lifecycle component) {
        synchronized (component) {
            stopped.add(component);
            ScheduledFuture<?> f = retries.remove(component);
            if (f != null) {
                f.cancel(false);
            }
            safeStop(component);
        }
    }

    static void safeStop(Lifecycle component) {
        try {
            component.stop();
        } catch (Throwable t) {
            LOG.warn("stop() of {} threw: {}", component, t.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
