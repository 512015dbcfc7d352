package dev.parley.core.tools;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text by {@code [REDACTED]} (SPEC §9 {@code sessions_history}): API keys ({@code sk-…}),
 * GitHub tokens ({@code ghp_…}, {@code github_pat_…}), Slack tokens ({@code xox?-…}), AWS access key ids
 * ({@code AKIA…}), {@code Bearer …} credentials, JWTs, PEM private keys, and the value after
 * {@code password|secret|token|api_key} and {@code :} or {@code =} (the name is kept). PEM blocks go first so
 * their bodies never half-match another pattern.
 */
final class Redactor {
    static final String MARK = "[REDACTED]";

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            rule("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)"),
            rule("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"),
            new Rule(Pattern.compile("(?i)\\b(Bearer)\\s+(?!\\[REDACTED\\])[A-Za-z0-9._~+/=-]{8,}"), "$1 " + MARK),
            rule("\\bsk-[A-Za-z0-9_-]{16,}"),
            rule("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"),
            rule("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
            rule("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
            rule("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            new Rule(Pattern.compile("(?i)(password|passwd|secret|token|api[_-]?key)([\"']?\\s*[:=]\\s*[\"']?)"
                    + "(?!\\[REDACTED\\])[^\\s\"',;]+"), "$1$2" + MARK));

    private static Rule rule(String regex) {
        return new Rule(Pattern.compile(regex), MARK);
    }

    private Redactor() {}

    /** The text with every secret replaced; the same instance when nothing matched. */
    static String redact(String text) {
        String out = text;
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(r.replacement());
            }
        }
        return out;
    }
}
