package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Human output: aligned tables and {@code field: value} lines. */
final class Printer {

    private static final int MAX_CELL = 80;

    private final PrintStream out;

    Printer(PrintStream out) {
        this.out = out;
    }

    /** Prints {@code rows} under {@code headers}, columns padded to their widest cell. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                line.append(c == widths.length - 1 ? row.get(c) : pad(row.get(c), widths[c] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Prints each top-level field of {@code node} as {@code name: value} (nested values as compact JSON). */
    void fields(JsonNode node) {
        if (!node.isObject()) {
            out.println(node.isTextual() ? node.asText() : node.toString());
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.println(field.getKey() + ": " + cell(field.getValue(), Integer.MAX_VALUE));
        }
    }

    void line(String text) {
        out.println(text);
    }

    /** A value as one short cell: text as is, null/missing as {@code -}, others as compact JSON. */
    static String cell(JsonNode value, int max) {
        String text = value == null || value.isNull() || value.isMissingNode() ? "-"
                : value.isValueNode() ? value.asText() : value.toString();
        text = text.replace('\n', ' ').replace('\r', ' ');
        return text.length() > max ? text.substring(0, max - 1) + "…" : text;
    }

    static String cell(JsonNode value) {
        return cell(value, MAX_CELL);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
