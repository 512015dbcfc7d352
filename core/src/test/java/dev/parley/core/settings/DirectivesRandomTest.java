package dev.parley.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated messages: a run of valid directives (random aliases, letter case, separators and value synonyms)
 * followed by random text must parse back to exactly those directives and that text. The seed is printed; rerun
 * with {@code -Dparley.seed=<seed>}.
 */
class DirectivesRandomTest {
    private static final long SEED = Long.getLong("parley.seed", System.nanoTime());
    private static final Map<SettingField, List<String>> ALIASES = Map.of(
            SettingField.MODEL, List.of("model"),
            SettingField.THINKING_LEVEL, List.of("think", "thinking", "t"),
            SettingField.VERBOSE_LEVEL, List.of("verbose", "v"),
            SettingField.ELEVATED, List.of("elevated", "elev"),
            SettingField.TTS_MODE, List.of("tts"),
            SettingField.GROUP_ACTIVATION, List.of("activation"),
            SettingField.SEND_POLICY, List.of("send"));
    private static final List<String> MODELS = List.of("anthropic/claude-opus-4-5", "openai/gpt-4o",
            "google/gemini-2.5-pro", "openrouter/meta-llama/llama-3.1-70b:free");
    private static final List<String> TEXTS = List.of("", "hello", "what is /think?", "/tmp/x is full",
            "please\n/think high", "/unknown word", "2 + 2");
    private static final List<String> SEPARATORS = List.of(" ", "\n", "  \t", "\r\n", " \n ");

    @BeforeAll
    static void printSeed() {
        System.out.println("DirectivesRandomTest seed=" + SEED);
    }

    @Test
    void generatedDirectiveRunsParseBackToTheirDirectivesAndText() {
        Random rnd = new Random(SEED);
        SettingField[] fields = SettingField.values();
        for (int n = 0; n < 2_000; n++) {
            StringBuilder msg = new StringBuilder(rnd.nextBoolean() ? "" : " ");
            List<Directive> expected = new ArrayList<>();
            int count = 1 + rnd.nextInt(4);
            for (int i = 0; i < count; i++) {
                SettingField f = fields[rnd.nextInt(fields.length)];
                String value = value(f, rnd);
                msg.append('/').append(randomCase(pick(ALIASES.get(f), rnd), rnd))
                        .append(rnd.nextInt(4) == 0 ? ":" : " ").append(value).append(pick(SEPARATORS, rnd));
                expected.add(new Directive(f, f.parseText(value)));
            }
            String text = pick(TEXTS, rnd);
            msg.append(text);

            ParsedDirectives p = Directives.parse(msg.toString(), true);

            String where = "seed " + SEED + ", message " + n + ": " + msg;
            assertThat(p.error()).as(where).isNull();
            assertThat(p.directives()).as(where).isEqualTo(expected);
            assertThat(p.remainingText()).as(where).isEqualTo(text);
            assertThat(p.directiveOnly()).as(where).isEqualTo(text.isEmpty());
        }
    }

    private static String value(SettingField f, Random rnd) {
        if (f == SettingField.MODEL) {
            return pick(MODELS, rnd);
        }
        List<String> words = new ArrayList<>(f.allowedValues());
        if (f == SettingField.ELEVATED || f == SettingField.VERBOSE_LEVEL) {
            words.addAll(List.of("true", "yes", "false", "no"));
        }
        return randomCase(pick(words, rnd), rnd);
    }

    private static String randomCase(String s, Random rnd) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(rnd.nextBoolean() ? String.valueOf(c).toUpperCase(Locale.ROOT) : String.valueOf(c));
        }
        return b.toString();
    }

    private static <T> T pick(List<T> list, Random rnd) {
        return list.get(rnd.nextInt(list.size()));
    }
}
