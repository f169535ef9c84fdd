package io.sluice.runtime.config;

import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a component's raw properties into {@link Settings} through its spec's key declarations:
 * parses and checks every declared key, reports required keys that are missing, warns about
 * unknown keys with a "did you mean", and runs the spec's cross-key checks. Every problem goes to
 * {@link Problems}; the result is only usable when no error was added.
 */
final class SettingsParser {
    private SettingsParser() {
    }

    /**
     * @param what       how messages name the component, e.g. {@code "a1.sources.r1"}
     * @param properties the component's own keys (framework keys such as type and channels removed)
     * @param where      where to point for a missing key: the component's type line
     */
    static Settings parse(ComponentSpec<?, ?> spec, String what, Map<String, ConfigLine> properties, Location where,
                          Problems problems) {
        int errorsBefore = problems.errors().size();
        Map<String, Object> parsed = new HashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        properties.forEach((k, line) -> raw.put(k, line.value()));
        for (ConfigKey<?> key : spec.keys().values()) {
            ConfigLine line = properties.get(key.name());
            if (line == null) {
                if (key.isRequired()) {
                    problems.error(where, what + "." + key.name() + " is required by the " + spec.alias() + " "
                            + spec.kind().word() + " (" + key.doc() + ")");
                }
                continue;
            }
            try {
                parsed.put(key.name(), key.parse(line.value()));
            } catch (IllegalArgumentException e) {
                problems.error(line.location(), what + "." + key.name() + " = " + line.value() + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, ConfigLine> e : properties.entrySet()) {
            if (!spec.isKnownKey(e.getKey())) {
                problems.warning(e.getValue().location(), what + "." + e.getKey() + " is not a key of the "
                        + spec.alias() + " " + spec.kind().word() + " and is ignored"
                        + Suggest.didYouMean(e.getKey(), spec.keys().keySet()));
            }
        }
        Settings settings = new Settings(parsed, raw);
        // Cross-key rules need every key of this component parsed; errors elsewhere do not hide them.
        if (problems.errors().size() == errorsBefore) {
            for (SettingsProblem p : spec.crossCheck(settings)) {
                ConfigLine line = properties.get(p.key());
                Location at = line != null ? line.location() : where;
                String message = what + "." + p.key() + ": " + p.message();
                if (p.warning()) {
                    problems.warning(at, message);
                } else {
                    problems.error(at, message);
                }
            }
        }
        return settings;
    }
}
