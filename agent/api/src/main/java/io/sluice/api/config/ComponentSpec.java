package io.sluice.api.config;

import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one declaration of a component type: its alias, the Flume class names that mean the same,
 * what it does, every key it reads, and how to build it from a context. The runtime finds specs
 * through {@link io.sluice.api.ComponentProvider}; validation, typed settings and the generated
 * reference page all come from here.
 *
 * @param <C> the context the factory receives (e.g. {@link io.sluice.api.SourceContext})
 * @param <T> what the factory builds (e.g. {@link io.sluice.api.Source})
 */
public final class ComponentSpec<C, T> {

    /** Builds a running component from its validated context. */
    @FunctionalInterface
    public interface Factory<C, T> {
        T create(C context) throws Exception;
    }

    private final Kind kind;
    private final String alias;
    private final List<String> classNames;
    private final String description;
    private final Map<String, ConfigKey<?>> keys;
    private final List<String> prefixes;
    private final Factory<C, ? extends T> factory;
    private final ConfigKey<Integer> batchSizeKey;
    private final ConfigKey<Integer> transactionCapacityKey;
    private final Function<Settings, List<SettingsProblem>> crossCheck;
    private final Function<Settings, List<String>> resources;
    private final List<String> notes;

    private ComponentSpec(Builder<C, T> b) {
        this.kind = b.kind;
        this.alias = b.alias;
        this.classNames = List.copyOf(b.classNames);
        this.description = b.description;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        this.prefixes = List.copyOf(b.prefixes);
        this.factory = Objects.requireNonNull(b.factory, "factory");
        this.batchSizeKey = b.batchSizeKey;
        this.transactionCapacityKey = b.transactionCapacityKey;
        this.crossCheck = b.crossCheck;
        this.resources = b.resources;
        this.notes = List.copyOf(b.notes);
    }

    public static <C, T> Builder<C, T> builder(Kind kind, String alias, Factory<C, ? extends T> factory) {
        return new Builder<>(kind, alias, factory);
    }

    /** {@code ComponentSpec.source("netcat", NetcatSource::new)}: a source spec, typed without witnesses. */
    public static Builder<SourceContext, Source> source(String alias, Factory<SourceContext, ? extends Source> factory) {
        return new Builder<>(Kind.SOURCE, alias, factory);
    }

    public static Builder<ChannelContext, Channel> channel(String alias, Factory<ChannelContext, ? extends Channel> factory) {
        return new Builder<>(Kind.CHANNEL, alias, factory);
    }

    public static Builder<SinkContext, Sink> sink(String alias, Factory<SinkContext, ? extends Sink> factory) {
        return new Builder<>(Kind.SINK, alias, factory);
    }

    public static Builder<InterceptorContext, Interceptor> interceptor(String alias,
            Factory<InterceptorContext, ? extends Interceptor> factory) {
        return new Builder<>(Kind.INTERCEPTOR, alias, factory);
    }

    public Kind kind() {
        return kind;
    }

    /** The short type name, e.g. {@code netcat}; matched case-insensitively. */
    public String alias() {
        return alias;
    }

    /** Fully qualified class names (Flume's) that select this component too. */
    public List<String> classNames() {
        return classNames;
    }

    public String description() {
        return description;
    }

    /** Declared keys by name, in declaration order. */
    public Map<String, ConfigKey<?>> keys() {
        return keys;
    }

    /** Key prefixes (ending in '.') whose sub-keys the component reads itself, e.g. {@code sink.serializer.}. */
    public List<String> prefixes() {
        return prefixes;
    }

    /** Builds the component; the runtime calls this only with a context whose settings passed validation. */
    public T create(C context) throws Exception {
        return factory.create(context);
    }

    /** The key holding this source's or sink's batch size, checked against its channel's transaction capacity. */
    public ConfigKey<Integer> batchSizeKey() {
        return batchSizeKey;
    }

    /** The key holding this channel's transaction capacity. */
    public ConfigKey<Integer> transactionCapacityKey() {
        return transactionCapacityKey;
    }

    /** Rules between keys (e.g. transactionCapacity ≤ capacity), run once every key parsed. */
    public List<SettingsProblem> crossCheck(Settings settings) {
        return crossCheck == null ? List.of() : crossCheck.apply(settings);
    }

    /**
     * Exclusive resources the component takes (e.g. {@code tcp:0.0.0.0:44444},
     * {@code dir:/var/spool}), so validation can refuse two components claiming one.
     */
    public List<String> resources(Settings settings) {
        return resources == null ? List.of() : resources.apply(settings);
    }

    /** Facts an operator should know at validation time (e.g. "exec gives no delivery guarantee"). */
    public List<String> notes() {
        return notes;
    }

    public boolean isKnownKey(String key) {
        if (keys.containsKey(key)) {
            return true;
        }
        for (String p : prefixes) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Collects a spec; see {@link ComponentSpec}. */
    public static final class Builder<C, T> {
        private final Kind kind;
        private final String alias;
        private final Factory<C, ? extends T> factory;
        private final List<String> classNames = new ArrayList<>();
        private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        private final List<String> prefixes = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private String description = "";
        private ConfigKey<Integer> batchSizeKey;
        private ConfigKey<Integer> transactionCapacityKey;
        private Function<Settings, List<SettingsProblem>> crossCheck;
        private Function<Settings, List<String>> resources;

        private Builder(Kind kind, String alias, Factory<C, ? extends T> factory) {
            this.kind = kind;
            this.alias = alias;
            this.factory = factory;
        }

        public Builder<C, T> flumeClass(String... names) {
            classNames.addAll(List.of(names));
            return this;
        }

        public Builder<C, T> doc(String text) {
            this.description = text;
            return this;
        }

        public Builder<C, T> keys(ConfigKey<?>... declared) {
            for (ConfigKey<?> k : declared) {
                if (keys.put(k.name(), k) != null) {
                    throw new IllegalStateException("key '" + k.name() + "' declared twice for " + alias);
                }
            }
            return this;
        }

        public Builder<C, T> prefix(String prefix) {
            if (!prefix.endsWith(".")) {
                throw new IllegalArgumentException("a key prefix ends with '.': " + prefix);
            }
            prefixes.add(prefix);
            return this;
        }

        public Builder<C, T> batchSize(ConfigKey<Integer> key) {
            this.batchSizeKey = key;
            return keysIfAbsent(key);
        }

        public Builder<C, T> transactionCapacity(ConfigKey<Integer> key) {
            this.transactionCapacityKey = key;
            return keysIfAbsent(key);
        }

        public Builder<C, T> crossCheck(Function<Settings, List<SettingsProblem>> check) {
            this.crossCheck = check;
            return this;
        }

        public Builder<C, T> resources(Function<Settings, List<String>> claims) {
            this.resources = claims;
            return this;
        }

        public Builder<C, T> note(String text) {
            notes.add(text);
            return this;
        }

        public ComponentSpec<C, T> build() {
            return new ComponentSpec<>(this);
        }

        private Builder<C, T> keysIfAbsent(ConfigKey<Integer> key) {
            keys.putIfAbsent(key.name(), key);
            return this;
        }
    }
}
