package io.sluice.sources.local.taildir;

import io.sluice.api.config.Settings;
import io.sluice.api.config.SettingsProblem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One taildir file group (spec §4.11): {@code filegroups.<name> = <directory>/<regex>} names a
 * literal directory and a regular expression that a file name in it must match entirely; the
 * group's {@code headers.<name>.<key>} are added to every event from its files. Immutable.
 */
record FileGroup(String name, Path directory, Pattern pattern, Map<String, String> headers) {

    /** Parsed groups and what is wrong with the config, from a taildir source's settings. */
    record Parsed(List<FileGroup> groups, List<SettingsProblem> problems) {
    }

    static Parsed parse(Settings s, List<String> names) {
        List<FileGroup> groups = new ArrayList<>();
        List<SettingsProblem> problems = new ArrayList<>();
        Map<String, String> mappings = s.subset("filegroups.");
        Map<String, Map<String, String>> headers = new LinkedHashMap<>();
        s.subset("headers.").forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                problems.add(new SettingsProblem("headers." + key, "must be headers.<group>.<header name>"));
                return;
            }
            headers.computeIfAbsent(key.substring(0, dot), g -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        for (String group : headers.keySet()) {
            if (!names.contains(group)) {
                problems.add(new SettingsProblem("headers." + group + "." + headers.get(group).keySet().iterator().next(),
                        "names group '" + group + "', which is not in filegroups " + names));
            }
        }
        for (String name : names) {
            String mapping = mappings.get(name);
            String key = "filegroups." + name;
            if (mapping == null || mapping.isBlank()) {
                problems.add(new SettingsProblem("filegroups", "group '" + name + "' has no " + key
                        + " = <directory>/<file name regex>"));
                continue;
            }
            int slash = mapping.lastIndexOf('/');
            if (slash < 0 || slash == mapping.length() - 1) {
                problems.add(new SettingsProblem(key, "= " + mapping + ": must be <directory>/<file name regex>"));
                continue;
            }
            try {
                Path dir = Path.of(slash == 0 ? "/" : mapping.substring(0, slash)).toAbsolutePath().normalize();
                Pattern pattern = Pattern.compile(mapping.substring(slash + 1));
                groups.add(new FileGroup(name, dir, pattern, Map.copyOf(headers.getOrDefault(name, Map.of()))));
            } catch (PatternSyntaxException e) {
                problems.add(new SettingsProblem(key, "= " + mapping + ": the file name part is not a regular expression: "
                        + e.getDescription()));
            } catch (InvalidPathException e) {
                problems.add(new SettingsProblem(key, "= " + mapping + ": the directory part is not a path: " + e.getReason()));
            }
        }
        for (String mapped : mappings.keySet()) {
            if (!names.contains(mapped)) {
                problems.add(new SettingsProblem("filegroups." + mapped, "is not listed in filegroups " + names));
            }
        }
        return new Parsed(groups, problems);
    }

    boolean matches(String fileName) {
        return pattern.matcher(fileName).matches();
    }
}
