package io.sluice.testkit;

import io.sluice.api.config.ComponentSpec;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds validated {@link Settings} for a spec from raw key/value pairs, the way the runtime does
 * (declared keys parsed and checked), so a component can be unit-tested without the runtime.
 * Fails with the key and rule on any invalid value.
 */
public final class Specs {
    private Specs() {
    }

    public static Settings settings(ComponentSpec<?, ?> spec, Map<String, String> raw) {
        Map<String, Object> parsed = new HashMap<>();
        for (ConfigKey<?> key : spec.keys().values()) {
            String text = raw.get(key.name());
            if (text == null) {
                if (key.isRequired()) {
                    throw new IllegalArgumentException("missing required key '" + key.name() + "'");
                }
                continue;
            }
            try {
                parsed.put(key.name(), key.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key.name() + " = " + text + ": " + e.getMessage(), e);
            }
        }
        for (String k : raw.keySet()) {
            if (!spec.isKnownKey(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' for " + spec.alias());
            }
        }
        Settings settings = new Settings(parsed, raw);
        var problems = spec.crossCheck(settings).stream().filter(p -> !p.warning()).toList();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.toString());
        }
        return settings;
    }
}
