package io.sluice.runtime.config;

import io.sluice.api.Channel;
import io.sluice.api.ChannelContext;
import io.sluice.api.Interceptor;
import io.sluice.api.InterceptorContext;
import io.sluice.api.Sink;
import io.sluice.api.SinkContext;
import io.sluice.api.Source;
import io.sluice.api.SourceContext;
import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.Kind;
import io.sluice.api.config.Settings;
import io.sluice.runtime.config.AgentPlan.ChannelPlan;
import io.sluice.runtime.config.AgentPlan.InterceptorPlan;
import io.sluice.runtime.config.AgentPlan.SelectorPlan;
import io.sluice.runtime.config.AgentPlan.SinkGroupPlan;
import io.sluice.runtime.config.AgentPlan.SinkPlan;
import io.sluice.runtime.config.AgentPlan.SourcePlan;
import io.sluice.runtime.routing.ChannelSelector;
import io.sluice.runtime.routing.InvalidSettingException;
import io.sluice.runtime.routing.SelectorContext;
import io.sluice.runtime.routing.SinkProcessor;
import io.sluice.runtime.routing.SinkProcessorContext;
import io.sluice.runtime.routing.SinkProcessorContext.NamedSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates one agent of a loaded config and, when nothing is wrong, builds its {@link AgentPlan}.
 * Covers Flume's three validation stages (spec §1.3) but refuses instead of dropping: every problem
 * is collected with its file:line, and any error means no plan. Nothing is started or bound here.
 */
public final class PlanBuilder {
    private static final Set<String> SOURCE_FRAMEWORK_KEYS = Set.of("type", "channels", "interceptors");
    private static final Set<String> SINK_FRAMEWORK_KEYS = Set.of("type", "channel");

    private final String agent;
    private final AgentSection section;
    private final ComponentRegistry registry;
    private final Problems problems;
    private final Map<String, ChannelPlan> channels = new LinkedHashMap<>();
    private final Set<String> listedChannels = new HashSet<>();
    private final Set<String> attachedChannels = new HashSet<>();

    private PlanBuilder(String agent, AgentSection section, ComponentRegistry registry, Problems problems) {
        this.agent = agent;
        this.section = section;
        this.registry = registry;
        this.problems = problems;
    }

    /** The outcome of a validation: the plan (null on any error) and every problem found. */
    public record Result(AgentPlan plan, Problems problems) {
        public boolean ok() {
            return plan != null;
        }
    }

    public static Result build(String agent, LoadedConfig config, ComponentRegistry registry) {
        Problems problems = new Problems();
        config.problems().forEach(problems::add);
        AgentSection section = AgentSection.parse(agent, config, problems);
        if (!section.exists()) {
            Set<String> agents = new TreeSet<>();
            for (String key : config.lines().keySet()) {
                int dot = key.indexOf('.');
                if (dot > 0) {
                    agents.add(key.substring(0, dot));
                }
            }
            problems.error(null, "the config has no agent named '" + agent + "'"
                    + (agents.isEmpty() ? "" : "; agents in it: " + String.join(", ", agents))
                    + Suggest.didYouMean(agent, agents));
            return new Result(null, problems);
        }
        AgentPlan plan = new PlanBuilder(agent, section, registry, problems).build();
        return new Result(problems.hasErrors() ? null : plan, problems);
    }

    private AgentPlan build() {
        checkLists();
        ConfigLine filters = section.list("configfilters");
        if (filters != null) {
            problems.error(filters.location(), agent + ".configfilters: config filters are not supported by Sluice yet");
        }
        for (String name : names("channels")) {
            buildChannel(name);
        }
        List<SourcePlan> sources = new ArrayList<>();
        for (String name : names("sources")) {
            buildSource(name).ifPresent(sources::add);
        }
        List<SinkPlan> sinks = new ArrayList<>();
        for (String name : names("sinks")) {
            buildSink(name).ifPresent(sinks::add);
        }
        List<SinkGroupPlan> groups = buildSinkGroups(sinks);
        checkResources(sources, sinks);
        List<ChannelPlan> usedChannels = new ArrayList<>();
        for (ChannelPlan c : channels.values()) {
            if (attachedChannels.contains(c.name())) {
                usedChannels.add(c);
            } else {
                problems.warning(location("channels", c.name()), "channel '" + c.name()
                        + "' has no source or sink attached; it will not be started");
            }
        }
        if (sources.isEmpty() && sinks.isEmpty() && !problems.hasErrors()) {
            problems.error(section.firstLine(), "agent '" + agent + "' has no sources and no sinks to run");
        }
        return new AgentPlan(agent, usedChannels, sources, sinks, groups);
    }

    private void checkLists() {
        for (String list : List.of("sources", "channels", "sinks", "sinkgroups")) {
            ConfigLine line = section.list(list);
            Set<String> seen = new HashSet<>();
            for (String name : section.listNames(list)) {
                if (!seen.add(name)) {
                    problems.error(line.location(), "'" + name + "' is listed twice in " + agent + "." + list);
                }
            }
            Set<String> listed = new HashSet<>(section.listNames(list));
            for (ComponentConfig c : section.components(list).values()) {
                if (!listed.contains(c.name())) {
                    problems.warning(c.location(), agent + "." + list + "." + c.name() + " is configured but not listed in "
                            + agent + "." + list + ", so it will not run" + Suggest.didYouMean(c.name(), listed));
                }
            }
        }
        if (section.list("channels") == null || section.listNames("channels").isEmpty()) {
            problems.error(section.firstLine(), agent + ".channels is missing or empty: an agent needs at least one channel");
        }
        Set<String> sinkNames = new HashSet<>(section.listNames("sinks"));
        for (String group : section.listNames("sinkgroups")) {
            if (sinkNames.contains(group)) {
                problems.error(section.list("sinkgroups").location(), "sink group '" + group
                        + "' has the same name as a sink; rename one of them");
            }
        }
    }

    private LinkedHashSet<String> names(String list) {
        return new LinkedHashSet<>(section.listNames(list));
    }

    private Location location(String list, String name) {
        ComponentConfig c = section.components(list).get(name);
        return c != null ? c.location() : section.list(list).location();
    }

    /** The component's config, or null after reporting that it has none or lacks a type. */
    private ComponentConfig typed(String list, String name, String kindWord) {
        ComponentConfig c = section.components(list).get(name);
        if (c == null) {
            problems.error(section.list(list).location(), kindWord + " '" + name + "' is listed in " + agent + "." + list
                    + " but has no properties (it needs at least " + agent + "." + list + "." + name + ".type)");
            return null;
        }
        if (c.get("type") == null) {
            problems.error(c.location(), c.fullKey(agent, "type") + " is missing");
            return null;
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private <C, T> ComponentSpec<C, T> resolve(Kind kind, ConfigLine typeLine) {
        Optional<ComponentSpec<?, ?>> spec = registry.find(kind, typeLine.value());
        if (spec.isEmpty()) {
            problems.error(typeLine.location(), typeLine.key() + ": " + registry.unknownTypeMessage(kind, typeLine.value()));
            return null;
        }
        for (String note : spec.get().notes()) {
            problems.note(typeLine.location(), typeLine.key() + " = " + typeLine.value() + ": " + note);
        }
        return (ComponentSpec<C, T>) spec.get();
    }

    private void buildChannel(String name) {
        listedChannels.add(name);
        ComponentConfig c = typed("channels", name, "channel");
        if (c == null) {
            return;
        }
        ComponentSpec<ChannelContext, Channel> spec = resolve(Kind.CHANNEL, c.get("type"));
        if (spec == null) {
            return;
        }
        Map<String, ConfigLine> own = without(c.properties(), Set.of("type"), List.of());
        int before = problems.errors().size();
        Settings settings = SettingsParser.parse(spec, agent + ".channels." + name, own, c.location(), problems);
        if (problems.errors().size() == before) {
            channels.put(name, new ChannelPlan(name, spec, settings));
        }
    }

    private Optional<SourcePlan> buildSource(String name) {
        ComponentConfig c = typed("sources", name, "source");
        if (c == null) {
            return Optional.empty();
        }
        String what = agent + ".sources." + name;
        int before = problems.errors().size();
        ComponentSpec<SourceContext, Source> spec = resolve(Kind.SOURCE, c.get("type"));
        List<String> sourceChannels = wiredChannels(c, what);
        SelectorPlan selector = buildSelector(c, what, sourceChannels);
        List<InterceptorPlan> interceptors = buildInterceptors(c, what);
        if (spec == null) {
            return Optional.empty();
        }
        Map<String, ConfigLine> own = without(c.properties(), SOURCE_FRAMEWORK_KEYS, List.of("selector.", "interceptors."));
        Settings settings = SettingsParser.parse(spec, what, own, c.location(), problems);
        int maxBatch = Integer.MAX_VALUE;
        for (String ch : sourceChannels) {
            maxBatch = Math.min(maxBatch, checkBatch(spec, settings, c, what, ch));
        }
        if (problems.errors().size() != before) {
            return Optional.empty();
        }
        return Optional.of(new SourcePlan(name, spec, settings, List.copyOf(sourceChannels), selector,
                List.copyOf(interceptors), maxBatch));
    }

    private List<String> wiredChannels(ComponentConfig c, String what) {
        ConfigLine line = c.get("channels");
        if (line == null) {
            problems.error(c.location(), what + ".channels is missing: a source must name the channels it writes to");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String ch : line.value().split("\\s+")) {
            if (out.contains(ch)) {
                problems.error(line.location(), what + ".channels names '" + ch + "' twice");
            } else if (!listedChannels.contains(ch)) {
                problems.error(line.location(), what + ".channels names '" + ch + "', which is not in " + agent
                        + ".channels" + Suggest.didYouMean(ch, listedChannels));
            } else {
                out.add(ch);
                attachedChannels.add(ch);
            }
        }
        return out;
    }

    private SelectorPlan buildSelector(ComponentConfig c, String what, List<String> sourceChannels) {
        ConfigLine typeLine = c.get("selector.type");
        String type = typeLine == null ? "replicating" : typeLine.value();
        Location where = typeLine == null ? c.location() : typeLine.location();
        ConfigLine effective = typeLine != null ? typeLine : new ConfigLine(what + ".selector.type", type, where);
        ComponentSpec<SelectorContext, ChannelSelector> spec = resolve(Kind.SELECTOR, effective);
        if (spec == null) {
            return null;
        }
        Map<String, ConfigLine> own = prefixed(c.properties(), "selector.", Set.of("type"));
        Settings settings = SettingsParser.parse(spec, what + ".selector", own, where, problems);
        if (!problems.hasErrors()) {
            try {
                spec.create(new SelectorContext(c.name(), settings, sourceChannels));
            } catch (Exception e) {
                reportBuildFailure(e, c, "selector.", what + ".selector", where);
            }
        }
        return new SelectorPlan(spec, settings);
    }

    private List<InterceptorPlan> buildInterceptors(ComponentConfig c, String what) {
        List<InterceptorPlan> out = new ArrayList<>();
        ConfigLine list = c.get("interceptors");
        List<String> names = list == null ? List.of() : List.of(list.value().split("\\s+"));
        Set<String> configured = new TreeSet<>();
        for (String key : c.properties().keySet()) {
            if (key.startsWith("interceptors.")) {
                String rest = key.substring("interceptors.".length());
                int dot = rest.indexOf('.');
                configured.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        for (String unlisted : configured) {
            if (!names.contains(unlisted)) {
                problems.warning(c.get("interceptors." + unlisted + ".type") != null
                                ? c.get("interceptors." + unlisted + ".type").location() : c.location(),
                        what + ".interceptors." + unlisted + " is configured but not listed in " + what + ".interceptors");
            }
        }
        for (String name : names) {
            String prefix = "interceptors." + name + ".";
            ConfigLine typeLine = c.get(prefix + "type");
            if (typeLine == null) {
                problems.error(list.location(), "interceptor '" + name + "' of " + what + " has no type ("
                        + what + "." + prefix + "type is missing)");
                continue;
            }
            ComponentSpec<InterceptorContext, Interceptor> spec = resolve(Kind.INTERCEPTOR, typeLine);
            if (spec == null) {
                continue;
            }
            Map<String, ConfigLine> own = prefixed(c.properties(), prefix, Set.of("type"));
            Settings settings = SettingsParser.parse(spec, what + "." + prefix.substring(0, prefix.length() - 1), own,
                    typeLine.location(), problems);
            out.add(new InterceptorPlan(name, spec, settings));
        }
        return out;
    }

    private Optional<SinkPlan> buildSink(String name) {
        ComponentConfig c = typed("sinks", name, "sink");
        if (c == null) {
            return Optional.empty();
        }
        String what = agent + ".sinks." + name;
        int before = problems.errors().size();
        ComponentSpec<SinkContext, Sink> spec = resolve(Kind.SINK, c.get("type"));
        ConfigLine channelLine = c.get("channel");
        String channel = null;
        if (channelLine == null) {
            String hint = c.get("channels") != null ? " (a sink reads one channel: use 'channel', not 'channels')" : "";
            problems.error(c.location(), what + ".channel is missing: a sink must name the channel it drains" + hint);
        } else if (!listedChannels.contains(channelLine.value())) {
            problems.error(channelLine.location(), what + ".channel names '" + channelLine.value() + "', which is not in "
                    + agent + ".channels" + Suggest.didYouMean(channelLine.value(), listedChannels));
        } else {
            channel = channelLine.value();
            attachedChannels.add(channel);
        }
        if (spec == null) {
            return Optional.empty();
        }
        Map<String, ConfigLine> own = without(c.properties(), SINK_FRAMEWORK_KEYS, List.of());
        Settings settings = SettingsParser.parse(spec, what, own, c.location(), problems);
        int maxBatch = channel == null ? Integer.MAX_VALUE : checkBatch(spec, settings, c, what, channel);
        if (problems.errors().size() != before) {
            return Optional.empty();
        }
        return Optional.of(new SinkPlan(name, spec, settings, channel, maxBatch));
    }

    /** Checks a batch size against the channel's transactionCapacity; returns that capacity. */
    private int checkBatch(ComponentSpec<?, ?> spec, Settings settings, ComponentConfig c, String what, String channel) {
        ChannelPlan ch = channels.get(channel);
        if (ch == null || ch.spec().transactionCapacityKey() == null) {
            return Integer.MAX_VALUE;
        }
        int capacity = ch.settings().get(ch.spec().transactionCapacityKey());
        if (spec.batchSizeKey() != null && settings.get(spec.batchSizeKey()) != null) {
            int batch = settings.get(spec.batchSizeKey());
            if (batch > capacity) {
                ConfigLine line = c.get(spec.batchSizeKey().name());
                problems.error(line != null ? line.location() : c.location(), what + "." + spec.batchSizeKey().name()
                        + " = " + batch + " is larger than channel " + channel + "'s transactionCapacity (" + capacity
                        + "): a batch must fit in one transaction");
            }
        }
        return capacity;
    }

    private List<SinkGroupPlan> buildSinkGroups(List<SinkPlan> sinks) {
        Map<String, String> groupOfSink = new HashMap<>();
        List<SinkGroupPlan> groups = new ArrayList<>();
        Set<String> sinkNames = new HashSet<>(section.listNames("sinks"));
        for (String name : names("sinkgroups")) {
            ComponentConfig c = section.components("sinkgroups").get(name);
            String what = agent + ".sinkgroups." + name;
            if (c == null || c.get("sinks") == null) {
                problems.error(c == null ? section.list("sinkgroups").location() : c.location(),
                        what + ".sinks is missing: a sink group must list its sinks");
                continue;
            }
            ConfigLine members = c.get("sinks");
            List<String> groupSinks = new ArrayList<>();
            for (String s : members.value().split("\\s+")) {
                if (!sinkNames.contains(s)) {
                    problems.error(members.location(), what + ".sinks names '" + s + "', which is not in " + agent
                            + ".sinks" + Suggest.didYouMean(s, sinkNames));
                } else if (groupOfSink.containsKey(s)) {
                    problems.error(members.location(), "sink '" + s + "' is in sink group '" + groupOfSink.get(s)
                            + "' and in '" + name + "'; a sink can belong to one group only");
                } else if (groupSinks.contains(s)) {
                    problems.error(members.location(), what + ".sinks names '" + s + "' twice");
                } else {
                    groupSinks.add(s);
                    groupOfSink.put(s, name);
                }
            }
            ConfigLine typeLine = c.get("processor.type");
            ConfigLine effective = typeLine != null ? typeLine
                    : new ConfigLine(what + ".processor.type", "default", c.location());
            ComponentSpec<SinkProcessorContext, SinkProcessor> spec = resolve(Kind.SINK_PROCESSOR, effective);
            for (String key : c.properties().keySet()) {
                if (!key.equals("sinks") && !key.startsWith("processor.")) {
                    problems.warning(c.get(key).location(), what + "." + key + " is not a sink group key and is ignored"
                            + Suggest.didYouMean(key, List.of("sinks", "processor.type")));
                }
            }
            if (spec == null) {
                continue;
            }
            Settings settings = SettingsParser.parse(spec, what + ".processor",
                    prefixed(c.properties(), "processor.", Set.of("type")), effective.location(), problems);
            if (!problems.hasErrors()) {
                // Built once with placeholder sinks: checks priorities, sink counts and the like against the group.
                List<NamedSink> placeholders = groupSinks.stream().map(n -> new NamedSink(n, null)).toList();
                try {
                    spec.create(new SinkProcessorContext(name, settings, placeholders));
                } catch (Exception e) {
                    reportBuildFailure(e, c, "processor.", what + ".processor", effective.location());
                }
            }
            groups.add(new SinkGroupPlan(name, List.copyOf(groupSinks), spec, settings, false));
        }
        @SuppressWarnings("unchecked")
        ComponentSpec<SinkProcessorContext, SinkProcessor> defaultSpec =
                (ComponentSpec<SinkProcessorContext, SinkProcessor>) registry.find(Kind.SINK_PROCESSOR, "default").orElseThrow();
        for (SinkPlan s : sinks) {
            if (!groupOfSink.containsKey(s.name())) {
                groups.add(new SinkGroupPlan(s.name(), List.of(s.name()), defaultSpec, Settings.empty(), true));
            }
        }
        return groups;
    }

    private void checkResources(List<SourcePlan> sources, List<SinkPlan> sinks) {
        Map<String, String> claimedBy = new HashMap<>();
        List<Object[]> claims = new ArrayList<>();
        channels.values().forEach(c -> claims.add(new Object[] {"channels", c.name(), c.spec().resources(c.settings())}));
        sources.forEach(s -> claims.add(new Object[] {"sources", s.name(), s.spec().resources(s.settings())}));
        sinks.forEach(s -> claims.add(new Object[] {"sinks", s.name(), s.spec().resources(s.settings())}));
        for (Object[] claim : claims) {
            String owner = agent + "." + claim[0] + "." + claim[1];
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) claim[2];
            for (String r : resources) {
                String earlier = claimedBy.putIfAbsent(r, owner);
                if (earlier != null) {
                    problems.error(location((String) claim[0], (String) claim[1]), owner + " claims " + r
                            + ", which " + earlier + " already uses");
                }
            }
        }
    }

    /** A selector or processor refused its settings: report at the line of the key it names, if any. */
    private void reportBuildFailure(Exception e, ComponentConfig c, String prefix, String what, Location fallback) {
        if (e instanceof InvalidSettingException ise) {
            ConfigLine line = c.get(prefix + ise.key());
            problems.error(line != null ? line.location() : fallback, what + "." + ise.key() + ": " + ise.getMessage());
        } else {
            problems.error(fallback, what + ": " + e.getMessage());
        }
    }

    private static Map<String, ConfigLine> without(Map<String, ConfigLine> props, Set<String> keys, List<String> prefixes) {
        Map<String, ConfigLine> out = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (!keys.contains(k) && prefixes.stream().noneMatch(k::startsWith) && !k.equals("selector.type")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, ConfigLine> prefixed(Map<String, ConfigLine> props, String prefix, Set<String> skip) {
        Map<String, ConfigLine> out = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String sub = k.substring(prefix.length());
                if (!skip.contains(sub)) {
                    out.put(sub, v);
                }
            }
        });
        return out;
    }
}
