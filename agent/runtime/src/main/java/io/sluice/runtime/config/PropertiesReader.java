package io.sluice.runtime.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Flume properties file the way {@link java.util.Properties#load} does (separators,
 * continuations, escapes, comments; spec §1.6) but keeps the line where each logical line starts,
 * which {@code Properties} cannot. Files are decoded as UTF-8, falling back to ISO-8859-1 with a
 * warning when they are not valid UTF-8.
 */
public final class PropertiesReader {

    /** The lines of one file and any problems found while reading it. */
    public record Result(List<ConfigLine> lines, List<Problem> problems) {
    }

    private PropertiesReader() {
    }

    public static Result read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    public static Result parse(String fileName, byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
            problems.add(Problem.warning(new Location(fileName, 1),
                    "file is not valid UTF-8; read as ISO-8859-1 (as Flume does)"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<ConfigLine> lines = new ArrayList<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < physical.length) {
            int startLine = i + 1;
            String line = stripLeading(physical[i++]);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder(line);
            while (endsWithContinuation(logical) && i <= physical.length) {
                logical.setLength(logical.length() - 1);
                if (i == physical.length) {
                    break;
                }
                logical.append(stripLeading(physical[i++]));
            }
            Location where = new Location(fileName, startLine);
            try {
                lines.add(splitKeyValue(logical.toString(), where));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(where, e.getMessage()));
            }
        }
        return new Result(lines, problems);
    }

    private static ConfigLine splitKeyValue(String line, Location where) {
        int len = line.length();
        int keyEnd = 0;
        boolean escaped = false;
        while (keyEnd < len) {
            char c = line.charAt(keyEnd);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '=' || c == ':' || isWhitespace(c)) {
                break;
            }
            keyEnd++;
        }
        int valueStart = keyEnd;
        while (valueStart < len && isWhitespace(line.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < len && (line.charAt(valueStart) == '=' || line.charAt(valueStart) == ':')) {
            valueStart++;
            while (valueStart < len && isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
        }
        String key = unescape(line.substring(0, keyEnd));
        String value = unescape(line.substring(Math.min(valueStart, len)));
        return new ConfigLine(key, value, where);
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new IllegalArgumentException("malformed \\uxxxx escape in '" + s + "'");
                    }
                    String hex = s.substring(i + 1, i + 5);
                    try {
                        out.append((char) Integer.parseInt(hex, 16));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("malformed \\uxxxx escape '\\u" + hex + "'");
                    }
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static boolean endsWithContinuation(CharSequence s) {
        int backslashes = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }
}
