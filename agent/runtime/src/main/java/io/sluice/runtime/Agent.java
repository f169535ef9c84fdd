package io.sluice.runtime;

import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.PollableSource;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.Transaction;
import io.sluice.api.metrics.ChannelCounter;
import io.sluice.api.metrics.SinkCounter;
import io.sluice.api.metrics.SourceCounter;
import io.sluice.runtime.config.AgentPlan;
import io.sluice.runtime.config.AgentPlan.ChannelPlan;
import io.sluice.runtime.config.AgentPlan.InterceptorPlan;
import io.sluice.runtime.config.AgentPlan.SinkGroupPlan;
import io.sluice.runtime.config.AgentPlan.SinkPlan;
import io.sluice.runtime.config.AgentPlan.SourcePlan;
import io.sluice.runtime.metrics.MetricsRegistry;
import io.sluice.runtime.routing.ChannelSelector;
import io.sluice.runtime.routing.SelectorContext;
import io.sluice.runtime.routing.SinkProcessor;
import io.sluice.runtime.routing.SinkProcessorContext;
import io.sluice.runtime.routing.SinkProcessorContext.NamedSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent built from a validated {@link AgentPlan}. Starts channels, then sinks, then
 * sources; stops sources, lets sinks drain for a bounded time, then stops sinks and channels.
 * {@link #reconfigure} swaps in a new plan, rebuilding only components whose settings or wiring
 * changed (a changed memory channel hands its queued events to its replacement). Methods are
 * synchronized: start, reconfigure and stop never overlap.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final MetricsRegistry metrics;
    private final RuntimeSettings settings;
    private final Supervisor supervisor;
    private final Map<String, LiveChannel> channels = new LinkedHashMap<>();
    private final Map<String, LiveGroup> groups = new LinkedHashMap<>();
    private final Map<String, LiveSource> sources = new LinkedHashMap<>();
    private AgentPlan plan;

    private record LiveChannel(ChannelPlan plan, Channel channel, ChannelCounter counter) {
    }

    private record LiveSink(SinkPlan plan, Sink sink, SinkCounter counter) {
    }

    private static final class LiveGroup {
        final SinkGroupPlan plan;
        final List<LiveSink> sinks;
        final SinkRunner runner;
        int started;

        LiveGroup(SinkGroupPlan plan, List<LiveSink> sinks, SinkRunner runner) {
            this.plan = plan;
            this.sinks = sinks;
            this.runner = runner;
        }
    }

    private static final class LiveSource {
        final SourcePlan plan;
        final Source source;
        final SourceCounter counter;
        /** Set once the source started, if it is pollable; read when it stops. */
        volatile PollingSourceRunner runner;

        LiveSource(SourcePlan plan, Source source, SourceCounter counter) {
            this.plan = plan;
            this.source = source;
            this.counter = counter;
        }
    }

    public Agent(MetricsRegistry metrics, RuntimeSettings settings) {
        this.metrics = metrics;
        this.settings = settings;
        this.supervisor = new Supervisor(settings.restartMinBackoff(), settings.restartMaxBackoff());
    }

    /** Builds and starts every component of the plan. Throws if a channel cannot start; then nothing runs. */
    public synchronized void start(AgentPlan newPlan) throws AgentStartException {
        if (plan != null) {
            throw new IllegalStateException("agent already started");
        }
        try {
            for (ChannelPlan c : newPlan.channels()) {
                startChannel(c);
            }
            for (SinkGroupPlan g : newPlan.sinkGroups()) {
                startGroup(g, newPlan);
            }
            for (SourcePlan s : newPlan.sources()) {
                startSource(s);
            }
        } catch (AgentStartException | RuntimeException e) {
            stopEverything(false);
            throw e;
        }
        plan = newPlan;
        LOG.info("Agent {} started: {} source(s), {} channel(s), {} sink(s)", newPlan.agent(),
                newPlan.sources().size(), newPlan.channels().size(), newPlan.sinks().size());
    }

    /**
     * Applies a new valid plan: components whose plan, and whose channels, are unchanged keep
     * running untouched; the rest are stopped and rebuilt. If a new channel fails to start, the
     * components that depended on it stay stopped and the error is thrown (the rest keeps running).
     */
    public synchronized void reconfigure(AgentPlan next) throws AgentStartException {
        AgentPlan previous = Objects.requireNonNull(plan, "agent not started");
        Map<String, ChannelPlan> changedChannels = new LinkedHashMap<>();
        for (LiveChannel c : channels.values()) {
            ChannelPlan np = next.channel(c.plan().name());
            if (!c.plan().equals(np)) {
                changedChannels.put(c.plan().name(), np);
            }
        }
        for (LiveSource s : new ArrayList<>(sources.values())) {
            SourcePlan np = next.sources().stream().filter(p -> p.name().equals(s.plan.name())).findFirst().orElse(null);
            if (!s.plan.equals(np) || s.plan.channels().stream().anyMatch(changedChannels::containsKey)) {
                stopSource(s);
            }
        }
        for (LiveGroup g : new ArrayList<>(groups.values())) {
            SinkGroupPlan np = next.sinkGroups().stream().filter(p -> p.name().equals(g.plan.name())).findFirst().orElse(null);
            boolean sinksSame = np != null && g.sinks.stream().allMatch(s -> s.plan().equals(next.sink(s.plan().name())));
            boolean channelsSame = g.sinks.stream().noneMatch(s -> changedChannels.containsKey(s.plan().channel()));
            if (!g.plan.equals(np) || !sinksSame || !channelsSame) {
                stopGroup(g);
            }
        }
        AgentStartException failure = null;
        for (Map.Entry<String, ChannelPlan> e : changedChannels.entrySet()) {
            LiveChannel old = channels.remove(e.getKey());
            if (e.getValue() == null) {
                stopChannel(old);
                continue;
            }
            try {
                replaceChannel(old, e.getValue());
            } catch (AgentStartException ex) {
                failure = ex;
            }
        }
        for (ChannelPlan c : next.channels()) {
            if (!channels.containsKey(c.name()) && !changedChannels.containsKey(c.name())) {
                try {
                    startChannel(c);
                } catch (AgentStartException ex) {
                    failure = ex;
                }
            }
        }
        for (SinkGroupPlan g : next.sinkGroups()) {
            if (!groups.containsKey(g.name()) && g.sinks().stream().allMatch(s -> channels.containsKey(next.sink(s).channel()))) {
                startGroup(g, next);
            }
        }
        for (SourcePlan s : next.sources()) {
            if (!sources.containsKey(s.name()) && channels.keySet().containsAll(s.channels())) {
                startSource(s);
            }
        }
        plan = next;
        LOG.info("Agent {} reconfigured ({} -> {} source(s), {} -> {} sink(s))", next.agent(),
                previous.sources().size(), next.sources().size(), previous.sinks().size(), next.sinks().size());
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops sources, lets sinks drain for up to the drain timeout, then stops sinks and channels. */
    public synchronized void stop() {
        if (plan == null) {
            return;
        }
        stopEverything(true);
        supervisor.close();
        LOG.info("Agent {} stopped", plan.agent());
        plan = null;
    }

    public synchronized AgentPlan plan() {
        return plan;
    }

    /** The running channel of that name, for tests and tools; null if none. */
    public synchronized Channel channel(String name) {
        LiveChannel c = channels.get(name);
        return c == null ? null : c.channel();
    }

    private void stopEverything(boolean drain) {
        for (LiveSource s : new ArrayList<>(sources.values())) {
            stopSource(s);
        }
        if (drain && !groups.isEmpty()) {
            drainSinks();
        }
        for (LiveGroup g : new ArrayList<>(groups.values())) {
            stopGroup(g);
        }
        for (LiveChannel c : new ArrayList<>(channels.values())) {
            channels.remove(c.plan().name());
            stopChannel(c);
        }
    }

    private void drainSinks() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            boolean empty = groups.values().stream().flatMap(g -> g.sinks.stream())
                    .map(s -> channels.get(s.plan().channel()))
                    .allMatch(c -> c == null || c.channel().size() == 0);
            if (empty) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("Sinks did not drain their channels within {}; stopping them anyway", settings.drainTimeout());
    }

    private void startChannel(ChannelPlan p) throws AgentStartException {
        ChannelCounter counter = new ChannelCounter(p.name());
        Channel channel;
        try {
            channel = p.spec().create(new ChannelContext(p.name(), p.settings(), counter));
        } catch (Exception e) {
            throw new AgentStartException("channel " + p.name() + " could not be built: " + e.getMessage(), e);
        }
        counter.start();
        // Registered before start, so a long start (a file channel's replay) shows its progress on /metrics.
        metrics.register(counter);
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> new Thread(r, "channel-start-" + p.name()));
        try {
            Future<?> started = starter.submit(() -> {
                channel.start();
                return null;
            });
            started.get(settings.channelStartTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Supervisor.safeStop(channel);
            metrics.unregister(counter);
            throw new AgentStartException("channel " + p.name() + " did not start within " + settings.channelStartTimeout()
                    + " (raise sluice.channelStartTimeout if a long replay is expected)", e);
        } catch (Exception e) {
            Supervisor.safeStop(channel);
            metrics.unregister(counter);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new AgentStartException("channel " + p.name() + " failed to start: " + cause, cause);
        } finally {
            starter.shutdownNow();
        }
        channels.put(p.name(), new LiveChannel(p, channel, counter));
        LOG.info("Started channel {} ({})", p.name(), p.spec().alias());
    }

    private void stopChannel(LiveChannel c) {
        long left = c.channel().size();
        Supervisor.safeStop(c.channel());
        c.counter().stop();
        metrics.unregister(c.counter());
        if (left > 0 && !c.channel().durable()) {
            LOG.info("Channel {} stopped with {} event(s) still in it; a {} channel does not keep them",
                    c.plan().name(), left, c.plan().spec().alias());
        } else {
            LOG.info("Stopped channel {}", c.plan().name());
        }
    }

    /** A changed channel: a durable one is closed before its successor opens the same files; a volatile one hands over its events. */
    private void replaceChannel(LiveChannel old, ChannelPlan next) throws AgentStartException {
        if (old.channel().durable()) {
            stopChannel(old);
            startChannel(next);
            return;
        }
        startChannel(next);
        Channel target = channels.get(next.name()).channel();
        long moved = 0;
        int batch = 100;
        try {
            while (old.channel().size() > 0) {
                try (Transaction from = old.channel().begin(); Transaction to = target.begin()) {
                    var events = from.take(batch);
                    if (events.isEmpty()) {
                        break;
                    }
                    to.put(events);
                    to.commit();
                    from.commit();
                    moved += events.size();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Channel {}: could not hand all events to its reconfigured successor: {}", next.name(), e.toString());
        }
        if (moved > 0) {
            LOG.info("Channel {}: moved {} queued event(s) into the reconfigured channel", next.name(), moved);
        }
        stopChannel(old);
    }

    private void startGroup(SinkGroupPlan g, AgentPlan p) {
        List<LiveSink> sinks = new ArrayList<>();
        for (String name : g.sinks()) {
            SinkPlan sp = p.sink(name);
            SinkCounter counter = new SinkCounter(name);
            Channel channel = channels.get(sp.channel()).channel();
            try {
                sinks.add(new LiveSink(sp, sp.spec().create(new SinkContext(name, sp.settings(), channel, counter,
                        sp.maxBatchSize())), counter));
            } catch (Exception e) {
                LOG.error("Sink {} could not be built: {}", name, e.toString(), e);
                return;
            }
        }
        List<NamedSink> named = sinks.stream().map(s -> new NamedSink(s.plan().name(), s.sink())).toList();
        SinkProcessor processor;
        try {
            processor = g.spec().create(new SinkProcessorContext(g.name(), g.settings(), named));
        } catch (Exception e) {
            LOG.error("Sink group {} could not be built: {}", g.name(), e.toString(), e);
            return;
        }
        LiveGroup live = new LiveGroup(g, sinks, new SinkRunner(g.name(), processor));
        groups.put(g.name(), live);
        for (LiveSink s : sinks) {
            s.counter().start();
            metrics.register(s.counter());
            supervisor.start("sink " + s.plan().name() + " (" + s.plan().spec().alias() + ")", s.sink(), () -> {
                synchronized (live) {
                    if (++live.started == live.sinks.size()) {
                        live.runner.start();
                    }
                }
            });
        }
    }

    private void stopGroup(LiveGroup g) {
        groups.remove(g.plan.name());
        g.runner.stop();
        for (LiveSink s : g.sinks) {
            supervisor.stop(s.sink());
            s.counter().stop();
            metrics.unregister(s.counter());
            LOG.info("Stopped sink {}", s.plan().name());
        }
    }

    private void startSource(SourcePlan p) {
        SourceCounter counter = new SourceCounter(p.name());
        Source source;
        try {
            List<Interceptor> interceptors = new ArrayList<>();
            for (InterceptorPlan i : p.interceptors()) {
                interceptors.add(i.spec().create(new InterceptorContext(p.name(), i.name(), i.settings())));
            }
            ChannelSelector selector = p.selector().spec().create(new SelectorContext(p.name(), p.selector().settings(),
                    p.channels()));
            List<Channel> targets = p.channels().stream().map(n -> channels.get(n).channel()).toList();
            RoutingChannelProcessor processor = new RoutingChannelProcessor(p.name(), interceptors, selector,
                    p.channels(), targets, counter);
            source = p.spec().create(new SourceContext(p.name(), p.settings(), processor, counter, p.maxBatchSize()));
        } catch (Exception e) {
            LOG.error("Source {} could not be built: {}", p.name(), e.toString(), e);
            return;
        }
        LiveSource live = new LiveSource(p, source, counter);
        sources.put(p.name(), live);
        counter.start();
        metrics.register(counter);
        supervisor.start("source " + p.name() + " (" + p.spec().alias() + ")", source, () -> {
            if (source instanceof PollableSource pollable) {
                live.runner = new PollingSourceRunner(p.name(), pollable);
                live.runner.start();
            }
        });
    }

    private void stopSource(LiveSource s) {
        sources.remove(s.plan.name());
        PollingSourceRunner runner = s.runner;
        if (runner != null) {
            runner.stop();
        }
        supervisor.stop(s.source);
        s.counter.stop();
        metrics.unregister(s.counter);
        LOG.info("Stopped source {}", s.plan.name());
    }
}
