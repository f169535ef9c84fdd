package io.sluice.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one agent, grouped by component (Flume's stage A, spec §1.1 and §1.3): the five lists
 * and each component's properties. Keys of other agents are ignored; dot-less keys are variables.
 * Keys that fit no pattern are errors here, where Flume drops them with a log line.
 */
public final class AgentSection {
    static final List<String> SECTIONS = List.of("sources", "channels", "sinks", "sinkgroups", "configfilters");

    private final String agent;
    private final Map<String, ConfigLine> lists = new LinkedHashMap<>();
    private final Map<String, Map<String, ComponentConfig>> components = new LinkedHashMap<>();
    private Location firstLine;

    private AgentSection(String agent) {
        this.agent = agent;
        for (String s : SECTIONS) {
            components.put(s, new LinkedHashMap<>());
        }
    }

    public static AgentSection parse(String agent, LoadedConfig config, Problems problems) {
        AgentSection section = new AgentSection(agent);
        String prefix = agent + ".";
        Set<String> unresolved = config.unresolvedKeys();
        for (ConfigLine line : config.lines().values()) {
            String key = line.key();
            if (!key.startsWith(prefix)) {
                continue;
            }
            if (section.firstLine == null) {
                section.firstLine = line.location();
            }
            if (unresolved.contains(key)) {
                problems.warning(line.location(), key + " = " + line.value()
                        + ": a ${...} variable in it is not set; the text is kept as written");
            }
            section.add(key.substring(prefix.length()), line, problems);
        }
        return section;
    }

    private void add(String rest, ConfigLine line, Problems problems) {
        if (SECTIONS.contains(rest)) {
            lists.put(rest, line);
            return;
        }
        int dot1 = rest.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : rest.indexOf('.', dot1 + 1);
        String section = dot1 < 0 ? rest : rest.substring(0, dot1);
        if (!SECTIONS.contains(section) || dot2 < 0 || dot2 == dot1 + 1 || dot2 == rest.length() - 1) {
            String hint = SECTIONS.contains(section) ? "expected " + agent + "." + section + ".<name>.<key>"
                    : "expected " + agent + ".<sources|channels|sinks|sinkgroups>[.<name>.<key>]"
                    + Suggest.didYouMean(section, SECTIONS);
            problems.error(line.location(), line.key() + " is not a valid agent key (" + hint + ")");
            return;
        }
        String name = rest.substring(dot1 + 1, dot2);
        String key = rest.substring(dot2 + 1);
        if (line.value().isEmpty()) {
            problems.error(line.location(), line.key() + " has an empty value (Flume ignores such a key silently)");
            return;
        }
        components.get(section).computeIfAbsent(name, n -> new ComponentConfig(section, n)).put(key, line);
    }

    public String agent() {
        return agent;
    }

    /** Whether the config has any key of this agent at all. */
    public boolean exists() {
        return firstLine != null;
    }

    public Location firstLine() {
        return firstLine;
    }

    /** The list line ({@code a1.sources = r1 r2}) of a section, or null. */
    public ConfigLine list(String section) {
        return lists.get(section);
    }

    /** Names in a list, split on whitespace, in file order. */
    public List<String> listNames(String section) {
        ConfigLine line = lists.get(section);
        if (line == null || line.value().isBlank()) {
            return List.of();
        }
        return new ArrayList<>(List.of(line.value().trim().split("\\s+")));
    }

    /** Components that have properties in a section, listed or not. */
    public Map<String, ComponentConfig> components(String section) {
        return components.get(section);
    }
}
