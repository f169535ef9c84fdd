package io.sluice.runtime.metrics;

import java.util.Map;

/**
 * Flume's JSON body for GET /metrics: one object per component, every attribute as a JSON string
 * (numbers in Java's toString form), compact. Small enough that a JSON library would only add start-up time.
 */
public final class MetricsJson {
    private MetricsJson() {
    }

    public static String render(Map<String, Map<String, Object>> snapshot) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        boolean firstGroup = true;
        for (Map.Entry<String, Map<String, Object>> g : snapshot.entrySet()) {
            if (!firstGroup) {
                out.append(',');
            }
            firstGroup = false;
            string(out, g.getKey()).append(":{");
            boolean firstAttr = true;
            for (Map.Entry<String, Object> a : g.getValue().entrySet()) {
                if (!firstAttr) {
                    out.append(',');
                }
                firstAttr = false;
                string(out, a.getKey()).append(':');
                string(out, String.valueOf(a.getValue()));
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
