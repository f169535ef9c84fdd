package io.sluice.runtime.config;

import io.sluice.api.Channel;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.api.config.Check;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.SettingsProblem;
import io.sluice.runtime.RuntimeComponents;
import java.util.ArrayList;
import java.util.List;

/** Minimal component specs for validation tests, so the runtime is tested without plugin modules. */
final class TestSpecs {
    static final ConfigKey<Integer> CAPACITY = ConfigKey.integer("capacity").defaultValue(100).check(Check.atLeast(1));
    static final ConfigKey<Integer> TX_CAPACITY = ConfigKey.integer("transactionCapacity").defaultValue(100).check(Check.atLeast(1));
    static final ConfigKey<String> BIND = ConfigKey.string("bind").required().doc("listen address");
    static final ConfigKey<Integer> PORT = ConfigKey.port("port").required().doc("listen port");
    static final ConfigKey<Integer> SRC_BATCH = ConfigKey.integer("batchSize").defaultValue(1).check(Check.atLeast(1));
    static final ConfigKey<Integer> SINK_BATCH = ConfigKey.integer("batchSize").defaultValue(100).check(Check.atLeast(1));
    static final ConfigKey<String> DIR = ConfigKey.string("dir");

    static final ComponentSpec<?, ?> CHANNEL = ComponentSpec.channel("memory", ctx -> (Channel) null)
            .flumeClass("org.apache.flume.channel.MemoryChannel")
            .keys(CAPACITY).transactionCapacity(TX_CAPACITY)
            .crossCheck(s -> s.get(TX_CAPACITY) > s.get(CAPACITY)
                    ? List.of(new SettingsProblem("transactionCapacity", "must not exceed capacity " + s.get(CAPACITY)))
                    : List.of())
            .build();
    static final ComponentSpec<?, ?> SOURCE = ComponentSpec.source("netcat", ctx -> (Source) null)
            .flumeClass("org.apache.flume.source.NetcatSource")
            .keys(BIND, PORT).batchSize(SRC_BATCH)
            .resources(s -> List.of("tcp:" + s.get(BIND) + ":" + s.get(PORT)))
            .build();
    static final ComponentSpec<?, ?> SINK = ComponentSpec.sink("null", ctx -> (Sink) null)
            .flumeClass("org.apache.flume.sink.NullSink")
            .batchSize(SINK_BATCH)
            .keys(DIR)
            .build();

    private TestSpecs() {
    }

    static ComponentRegistry registry() {
        List<ComponentSpec<?, ?>> all = new ArrayList<>(List.of(CHANNEL, SOURCE, SINK));
        all.addAll(new RuntimeComponents().components());
        return new ComponentRegistry(all);
    }

    /** A do-nothing channel for wiring tests that need instances. */
    static final class NoopChannel implements Channel {
        @Override
        public Transaction begin() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public long capacity() {
            return 0;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }

    static final class NoopSink implements Sink {
        @Override
        public Status process() {
            return Status.BACKOFF;
        }
    }
}
