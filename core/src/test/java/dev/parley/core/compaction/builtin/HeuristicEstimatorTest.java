package dev.parley.core.compaction.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.TokenEstimatorProvider;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeuristicEstimatorTest {
    private static final TokenEstimator H = new HeuristicEstimatorProvider().create(Map.of());
    /** An independent definition of "CJK" (regex over Unicode scripts) to check the hand-written one against. */
    private static final Pattern CJK = Pattern.compile(
            "[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}\\x{3000}-\\x{303F}\\x{FF00}-\\x{FFEF}]");

    @Test
    void emptyTextIsZeroTokens() {
        assertThat(H.estimate("")).isZero();
    }

    @ParameterizedTest
    @CsvSource({"a, 1", "abcd, 1", "abcde, 2", "hello world!, 3", "'    ', 1"})
    void asciiIsAboutFourCharactersPerTokenRoundedUp(String text, int tokens) {
        assertThat(H.estimate(text)).isEqualTo(tokens);
        assertThat(H.estimate("x".repeat(4000))).isEqualTo(1000);
    }

    @ParameterizedTest
    @CsvSource({"你好世界, 4", "こんにちは, 5", "カタカナ, 4", "안녕하세요, 5", "ＡＢＣ１２３, 6", "ｶﾀｶﾅ, 4", "。、「」, 4"})
    void cjkCharactersAreOneTokenEach(String text, int tokens) {
        assertThat(H.estimate(text)).isEqualTo(tokens);
    }

    @Test
    void mixedTextCountsEachPart() {
        // "hello " = 6 ordinary chars -> 2 tokens; 世界 -> 2 tokens
        assertThat(H.estimate("hello 世界")).isEqualTo(4);
        // ordinary chars are pooled across the CJK ones: "ab" + "cd" = 4 -> 1 token, plus 2
        assertThat(H.estimate("ab你cd好")).isEqualTo(3);
    }

    @Test
    void supplementaryCharactersCountOnce() {
        assertThat(H.estimate("𠀀𠀁")).as("CJK extension B: one token each").isEqualTo(2);
        assertThat(H.estimate("😀😀😀😀")).as("four emoji are four ordinary code points").isEqualTo(1);
        assertThat(H.estimate("\uD800")).as("a lone surrogate is one ordinary char").isEqualTo(1);
    }

    @Test
    void agreesWithARegexDefinitionOnRandomText() {
        long seed = System.nanoTime();
        System.out.println("HeuristicEstimatorTest seed " + seed);
        Random r = new Random(seed);
        int[][] ranges = {{0x20, 0x7E}, {0xA0, 0x24F}, {0x400, 0x4FF}, {0x1100, 0x11FF}, {0x3000, 0x30FF},
                {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xFF00, 0xFFEF}, {0x1F300, 0x1F6FF}, {0x20000, 0x2A6DF}};
        for (int round = 0; round < 500; round++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(200);
            for (int i = 0; i < n; i++) {
                int[] range = ranges[r.nextInt(ranges.length)];
                sb.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
            }
            String text = sb.toString();
            long cjk = text.codePoints().filter(cp -> CJK.matcher(Character.toString(cp)).matches()).count();
            long other = text.codePoints().count() - cjk;
            assertThat(H.estimate(text)).as("seed %d round %d: %s", seed, round, text)
                    .isEqualTo((int) (cjk + (other + 3) / 4));
        }
    }

    @Test
    void isThreadSafe() {
        String text = "mixed 文本 with some ハングル 한국어 and ASCII ".repeat(50);
        int expected = H.estimate(text);
        assertThat(IntStream.range(0, 10_000).parallel().map(i -> H.estimate(text)).distinct().toArray())
                .containsExactly(expected);
    }

    @Test
    void isRegisteredAsAServiceNamedHeuristic() {
        assertThat(ServiceLoader.load(TokenEstimatorProvider.class).stream().map(p -> p.get().name()))
                .contains("heuristic");
    }
}
