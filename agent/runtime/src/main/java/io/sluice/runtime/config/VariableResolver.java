package io.sluice.runtime.config;

import java.util.Map;
import java.util.Properties;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;
import org.apache.commons.text.lookup.StringLookupFactory;

/**
 * Resolves {@code ${...}} in values as Flume 1.11 does (spec §1.4), with Commons Text's
 * substitutor: {@code ${env:X}}, {@code ${sys:x}}, {@code ${java:version}}, {@code ${date:fmt}},
 * {@code ${x:-default}}, {@code $${x}} for a literal, nested variables. An unprefixed {@code ${x}}
 * is another property's value, then a system property, then an environment variable. Unlike Flume,
 * references resolve against the complete merged map whatever the order of keys, and a cycle is an
 * error instead of a value left half resolved. Unresolved variables stay literal.
 */
public final class VariableResolver {
    private final StringSubstitutor substitutor;

    public VariableResolver(Map<String, String> properties, Map<String, String> environment, Properties system) {
        StringLookup unprefixed = name -> {
            String v = properties.get(name);
            if (v == null) {
                v = system.getProperty(name);
            }
            if (v == null) {
                v = environment.get(name);
            }
            return v;
        };
        StringLookupFactory lookups = StringLookupFactory.INSTANCE;
        Map<String, StringLookup> prefixed = Map.of(
                "env", environment::get,
                "sys", system::getProperty,
                "java", lookups.javaPlatformStringLookup(),
                "date", lookups.dateStringLookup());
        this.substitutor = new StringSubstitutor(lookups.interpolatorStringLookup(prefixed, unprefixed, false));
        this.substitutor.setEnableSubstitutionInVariables(true);
    }

    /** Resolves every variable in {@code value}; throws IllegalStateException on a reference cycle. */
    public String resolve(String value) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        return substitutor.replace(value);
    }

    /** Whether a resolved value still holds a {@code ${...}} that nothing resolved. */
    public static boolean hasUnresolved(String raw, String resolved) {
        return resolved.contains("${") && !raw.contains("$${");
    }
}
