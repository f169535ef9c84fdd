package io.sluice.runtime.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The merged, variable-resolved lines of one or more config files (later files override earlier
 * ones, as in Flume), with the problems found while reading and resolving. Values are trimmed
 * after resolution, as Flume trims them.
 */
public final class LoadedConfig {
    private final Map<String, ConfigLine> lines;
    private final List<Problem> problems;
    private final Set<String> unresolvedKeys;

    private LoadedConfig(Map<String, ConfigLine> lines, List<Problem> problems, Set<String> unresolvedKeys) {
        this.lines = Collections.unmodifiableMap(lines);
        this.problems = List.copyOf(problems);
        this.unresolvedKeys = Set.copyOf(unresolvedKeys);
    }

    public static LoadedConfig load(List<Path> files, Map<String, String> environment, Properties system) {
        List<ConfigLine> all = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                PropertiesReader.Result r = PropertiesReader.read(file);
                all.addAll(r.lines());
                problems.addAll(r.problems());
            } catch (NoSuchFileException e) {
                problems.add(Problem.error(new Location(file.toString(), 0), "config file does not exist"));
            } catch (IOException e) {
                problems.add(Problem.error(new Location(file.toString(), 0), "cannot read config file: " + e));
            }
        }
        return fromLines(all, problems, environment, system);
    }

    /** Merges lines (last wins) and resolves variables; {@code problems} receives what is found. */
    public static LoadedConfig fromLines(List<ConfigLine> all, List<Problem> problems,
                                         Map<String, String> environment, Properties system) {
        Map<String, ConfigLine> merged = new LinkedHashMap<>();
        for (ConfigLine line : all) {
            String key = line.key().trim();
            ConfigLine earlier = merged.get(key);
            if (earlier != null && !earlier.value().trim().equals(line.value().trim())) {
                problems.add(Problem.warning(line.location(), key + " is set again (first at "
                        + earlier.location() + "); the later value '" + line.value().trim() + "' wins"));
            }
            merged.remove(key);
            merged.put(key, new ConfigLine(key, line.value(), line.location()));
        }
        Map<String, String> rawValues = new LinkedHashMap<>();
        merged.forEach((k, l) -> rawValues.put(k, l.value().trim()));
        VariableResolver resolver = new VariableResolver(rawValues, environment, system);
        Map<String, ConfigLine> resolved = new LinkedHashMap<>();
        Set<String> unresolved = new HashSet<>();
        for (ConfigLine line : merged.values()) {
            String raw = line.value();
            String value = raw;
            try {
                value = resolver.resolve(raw);
            } catch (IllegalStateException e) {
                problems.add(Problem.error(line.location(), line.key() + ": variable reference cycle: " + e.getMessage()));
            }
            if (VariableResolver.hasUnresolved(raw, value)) {
                unresolved.add(line.key());
            }
            resolved.put(line.key(), new ConfigLine(line.key(), value.trim(), line.location()));
        }
        return new LoadedConfig(resolved, problems, unresolved);
    }

    /** Every key and its resolved, trimmed value, in the order keys were last set. */
    public Map<String, ConfigLine> lines() {
        return lines;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Keys whose value still holds a {@code ${...}} nothing resolved (kept literal, as Flume does). */
    public Set<String> unresolvedKeys() {
        return unresolvedKeys;
    }
}
