package dev.parley.core.compaction;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact identifiers a summary must not lose (SPEC §6): URLs, e-mail addresses, hosts, file names and paths,
 * ticket/task ids and other letter-digit codes, UUIDs and hex ids, and numbers of three or more digits.
 */
final class Identifiers {
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`)\\]]+");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern PATH = Pattern.compile(
            "(?<![\\w@])(?:[\\w.-]+/)+[\\w.-]+|\\b[\\w-]+\\.(?:ya?ml|json|java|kt|ts|js|py|go|rs|md|txt|csv|sql|sh|toml|"
                    + "xml|html|css|log|conf|cfg|ini|properties|jsonl|pdf|png|jpg)\\b");
    private static final Pattern HOST = Pattern.compile(
            "\\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:com|org|net|io|dev|internal|local|lan|cloud|ai|app|corp)\\b");
    private static final Pattern CODE = Pattern.compile("\\b[A-Za-z]+(?:[-_][A-Za-z0-9]+)*[-_]\\d[A-Za-z0-9]*\\b"
            + "|\\b[A-Za-z]+\\d+[A-Za-z0-9]*\\b");
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])\\+?\\d[\\d,]*(?:\\.\\d+)?(?![\\w])");
    private static final Pattern[] ALL = {URL, EMAIL, UUID, PATH, HOST, CODE, HEX};

    private Identifiers() {}

    static Set<String> in(String text) {
        Set<String> out = new LinkedHashSet<>();
        String rest = text;
        for (Pattern p : ALL) {
            Matcher m = p.matcher(rest);
            while (m.find()) {
                out.add(trim(m.group()));
            }
        }
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            String num = n.group();
            if (num.replaceAll("\\D", "").length() >= 3) {
                out.add(trim(num));
            }
        }
        out.removeIf(s -> s.length() < 2);
        return out;
    }

    private static String trim(String s) {
        int end = s.length();
        while (end > 0 && ".,;:!?)]}'\"".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Whether {@code summary} contains {@code id} (case-sensitive, as identifiers are exact). */
    static boolean kept(String summary, String id) {
        return summary.contains(id);
    }

    static String normalise(String s) {
        return s.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }
}
