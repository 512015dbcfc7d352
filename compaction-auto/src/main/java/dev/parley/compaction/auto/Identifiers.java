package dev.parley.compaction.auto;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds exact identifiers in text (SPEC §6): URLs, e-mail addresses, UUIDs, file paths and names, hosts and IP
 * addresses, ticket-style ids ({@code JIRA-123}, {@code T-19}, {@code #42}), hex strings such as commit hashes,
 * versions, numbers of two or more digits (amounts, percentages), code spans in backticks, {@code snake_case},
 * {@code camelCase} and digit-suffixed names ({@code us-east-1}), and capitalised names of people and systems
 * ({@code Alice}, {@code PostgreSQL}, {@code AWS}) — a capitalised word starting a sentence only when it is not
 * a common word. One left-to-right scan with an ordered alternation, so a URL is found whole rather than as a host
 * plus a path plus a number.
 */
final class Identifiers {
    private Identifiers() {}

    private static final String FILE_EXT = "(?:ya?ml|json|java|kt|py|ts|tsx|js|jsx|md|txt|xml|toml|conf|cfg|ini|sh|"
            + "sql|log|properties|csv|go|rs|rb|php|c|h|cpp|hpp|cs|swift|html|css|gradle|lock|env|pem|key|crt|jar|war|"
            + "tar|gz|tgz|zip|pdf|png|jpe?g|svg|docx?|xlsx?|jsonl|proto|tf|dockerfile)";
    private static final String TLD = "(?:com|org|net|io|dev|internal|local|localdomain|cloud|ai|app|co|corp|lan|svc|"
            + "cluster|example|test|eu|uk|de|fr|us)";

    private static final String CODE_SPAN = "(?<code>`[^`\\n]{1,80}`)";
    private static final Pattern CODE = Pattern.compile(CODE_SPAN);
    private static final Pattern ID = Pattern.compile(String.join("|",
            CODE_SPAN,
            "(?<url>\\b(?:https?|ftp|wss?|s3|gs)://[^\\s<>\"'`)\\]}]+)",
            "(?<email>\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b)",
            "(?<uuid>\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b)",
            "(?<path>(?:~|\\.{1,2})?/?(?:[A-Za-z0-9_.@-]+/)+[A-Za-z0-9_.@-]*[A-Za-z0-9_-])",
            "(?<ip>\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b)",
            "(?<host>\\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\." + TLD
                    + "\\b(?::\\d{1,5})?)",
            "(?<file>\\b[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*\\.(?i:" + FILE_EXT + ")\\b)",
            "(?<ticket>\\b[A-Z][A-Z0-9]*-\\d+\\b|(?<![\\w&])#\\d+\\b)",
            "(?<hex>\\b(?:0x)?(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,64}\\b)",
            "(?<version>\\bv\\d+(?:\\.\\d+)+\\b)",
            "(?<number>[$€£]?\\b\\d[\\d,]*(?:\\.\\d+)?%?(?<=\\d{2}|\\d\\.\\d|\\d%|\\d,\\d{3}))",
            "(?<snake>\\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\\b|\\b[a-z]+(?:[A-Z][a-z0-9]*)+\\b"
                    + "|\\b[a-z]+(?:-[a-z0-9]+)*-\\d+[a-z0-9]*\\b)",
            "(?<name>\\b[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\\b|\\b[A-Z][A-Z0-9]+\\b)"));

    /** Capitalised words that are not names even in the middle of a sentence. */
    private static final Set<String> NOT_NAMES = Set.of("I", "OK", "TODO", "FYI", "ASAP", "NOTE", "ETA", "AM", "PM",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
            "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
            "English", "Okay", "Thanks", "Please", "Yes", "No", "Hi", "Hello");

    /**
     * Words that often start a sentence and are no names. A capitalised word starting a sentence counts as a name
     * unless it is one of these or looks like an inflected word ({@code -ing}, {@code -ed}, {@code -ly},
     * {@code -tion}, …): "Bob saw the build fail" keeps {@code Bob}, "Checking the logs" keeps nothing.
     */
    private static final Set<String> STARTERS = Set.copyOf(Arrays.asList((
            "a an the this that these those it its it's i i'm i've "
            + "i'll i'd we we're we've we'll you you're your he she they them their there here what which who whom "
            + "whose when where why how if then than so but and or nor yet also just now still even only not no "
            + "yes ok okay sure thanks thank please let let's can could would should will shall may might must do "
            + "does did done is are was were be been being have has had having get got go went make made see saw "
            + "look looks note noted understood right great good fine sorry hello hi hey well maybe perhaps "
            + "actually basically all some any each every both either neither many much more most few several one "
            + "two three first second next last after before as because since while until unless though although "
            + "in on at for from with without by of to into onto about above below over under between through "
            + "during again once here's there's that's what's my our his her mine ours yours new old other another "
            + "such same very too really quite give take use run try check keep set put tell ask find show "
            + "send add remove fix update create delete open close start stop wait answer question reply result "
            + "summary context decision rule task todo step plan goal issue problem error warning info debug "
            + "build test deploy release version file path line code data user assistant system tool read write "
            + "call say said told think thought know need want like move copy paste install configure enable "
            + "disable restart reboot merge push pull commit review approve rerun retry verify confirm ensure "
            + "implement refactor change replace rename help work works worked sounds seems looks earlier later "
            + "remind").split(" ")));
    private static final Pattern INFLECTED = Pattern.compile(".*(?:ing|ed|ly|tion|sion|ment|ness|ful|less|able)");

    /** The identifiers in {@code text}, in order of first appearance, without duplicates. */
    static Set<String> find(CharSequence text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ID.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int len = text.length();
        int i = 0;
        while (i < len) {
            while (i < len && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start < i) {
                word(text, start, i, m, out);
            }
        }
        if (indexOf(text, '`') >= 0) { // code spans may hold spaces: one more pass over the whole text
            scan(text, CODE.matcher(text), out);
        }
        return out;
    }

    private static void scan(CharSequence text, Matcher m, Set<String> out) {
        while (m.find()) {
            String id = m.group();
            if (m.start("code") >= 0) {
                id = id.substring(1, id.length() - 1).strip();
                if (id.isEmpty()) {
                    continue;
                }
            } else if (m.start("url") >= 0) {
                id = stripTrailingPunctuation(id);
            } else if (m.start("name") >= 0 && !isName(text, m.start(), id)) {
                continue;
            } else if (m.start("path") >= 0 && !looksLikePath(id)) {
                continue;
            }
            out.add(id);
        }
    }

    /**
     * Most words are lower-case letters, simple capitalised words or plain numbers, with punctuation around them:
     * deciding those without running the pattern makes the scan several times faster.
     */
    private static void word(CharSequence text, int start, int end, Matcher m, Set<String> out) {
        int s = start;
        int e = end;
        while (s < e && "\"'([{*_".indexOf(text.charAt(s)) >= 0) {
            s++;
        }
        while (e > s && "\"')]}.,;:!?*_".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        if (s == e) {
            return;
        }
        boolean lower = true;
        boolean capitalised = text.charAt(s) >= 'A' && text.charAt(s) <= 'Z';
        boolean digits = true;
        for (int k = s; k < e; k++) {
            char c = text.charAt(k);
            boolean isLower = (c >= 'a' && c <= 'z') || c == '\'';
            lower &= isLower;
            capitalised &= k == s || (c >= 'a' && c <= 'z');
            digits &= c >= '0' && c <= '9';
        }
        if (lower) {
            return;
        } else if (capitalised) {
            String w = text.subSequence(s, e).toString();
            if (isName(text, s, w)) {
                out.add(w);
            }
        } else if (digits) {
            if (e - s >= 2) {
                out.add(text.subSequence(s, e).toString());
            }
        } else {
            scan(text, m.region(start, end), out);
        }
    }

    private static int indexOf(CharSequence text, char c) {
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isName(CharSequence text, int start, String word) {
        if (NOT_NAMES.contains(word)) {
            return false;
        }
        boolean innerCapital = false;
        for (int i = 1; i < word.length(); i++) {
            if (Character.isUpperCase(word.charAt(i)) || Character.isDigit(word.charAt(i))) {
                innerCapital = true;
                break;
            }
        }
        // "GitHub", "PostgreSQL", "AWS" are names anywhere; "Alice" mid-sentence, or starting one if not a
        // common word.
        return innerCapital || !startsSentence(text, start)
                || !(STARTERS.contains(word.toLowerCase(Locale.ROOT)) || INFLECTED.matcher(word).matches());
    }

    private static boolean startsSentence(CharSequence text, int start) {
        int i = start - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '"'
                || text.charAt(i) == '(' || text.charAt(i) == '\'' || text.charAt(i) == '-' || text.charAt(i) == '*')) {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char c = text.charAt(i);
        return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '\r' || c == '>' || c == ';';
    }

    /** A slash alone ("and/or", "yes/no") is not a path: need a dot, a digit, a leading slash or two slashes. */
    private static boolean looksLikePath(String s) {
        if (s.startsWith("/") || s.startsWith("~") || s.startsWith(".")) {
            return s.length() > 2;
        }
        int slashes = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '/') {
                slashes++;
            }
        }
        String last = s.substring(s.lastIndexOf('/') + 1);
        return slashes >= 2 || last.contains(".") || last.chars().anyMatch(Character::isDigit)
                || last.contains("_") || last.contains("-");
    }

    private static String stripTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }
}
