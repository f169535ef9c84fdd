package io.sluice.runtime.config;

import io.sluice.api.config.Kind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw properties of one named component of an agent (source, channel, sink or sink group),
 * keyed by the property key after the component prefix ({@code type}, {@code port},
 * {@code selector.header}, ...). Built by {@link AgentSection}; read by {@link PlanBuilder}.
 */
public final class ComponentConfig {
    private final String section;
    private final String name;
    private final Map<String, ConfigLine> properties = new LinkedHashMap<>();

    ComponentConfig(String section, String name) {
        this.section = section;
        this.name = name;
    }

    /** The list the component belongs to: sources, channels, sinks or sinkgroups. */
    public String section() {
        return section;
    }

    public String name() {
        return name;
    }

    public Map<String, ConfigLine> properties() {
        return Collections.unmodifiableMap(properties);
    }

    void put(String key, ConfigLine line) {
        properties.put(key, line);
    }

    public ConfigLine get(String key) {
        return properties.get(key);
    }

    public String value(String key) {
        ConfigLine line = properties.get(key);
        return line == null ? null : line.value();
    }

    /** Where to point at the component as a whole: its type line, else its first line. */
    public Location location() {
        ConfigLine type = properties.get("type");
        if (type != null) {
            return type.location();
        }
        return properties.values().iterator().next().location();
    }

    /** The full key of one of its properties as written in the file, e.g. {@code a1.sources.r1.port}. */
    public String fullKey(String agent, String key) {
        return agent + "." + section + "." + name + "." + key;
    }

    static Kind kindOf(String section) {
        return switch (section) {
            case "sources" -> Kind.SOURCE;
            case "channels" -> Kind.CHANNEL;
            case "sinks" -> Kind.SINK;
            default -> null;
        };
    }
}
