package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class InputChunkerTest {

    static Stream<Long> seeds() {
        String fixed = System.getProperty("parley.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        long base = System.nanoTime();
        System.out.println("InputChunkerTest base seed " + base + " (rerun one case with -Dparley.seed=<seed>)");
        return Stream.iterate(base, s -> s + 1).limit(10);
    }

    private static String log(Random r, int lines, String tag) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(tag).append(" line ").append(i).append(": ").append("word ".repeat(1 + r.nextInt(30)))
                    .append(r.nextInt(8) == 0 ? "\n\n" : "\n");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTurnLargerThanAChunkIsSplitWithEachToolUseBesideItsResultAndNothingLost(long seed) {
        Random r = new Random(seed);
        int chunkTokens = 300 + r.nextInt(700);
        Talk talk = new Talk().user("Run the big job and show me the logs.")
                .assistant(log(r, 20 + r.nextInt(200), "preamble"))
                .tool("toolu_big", "bash", "{\"cmd\":\"make all\"}", log(r, 100 + r.nextInt(600), "make"))
                .tool("toolu_small", "bash", "{\"cmd\":\"ls\"}", "a.txt b.txt")
                .assistant("Done: the build passed.");
        List<Turn> turns = talk.turns();
        InputChunker chunker = new InputChunker(chunkTokens, Talk.ESTIMATOR);
        List<String> chunks = chunker.chunks(TranscriptText.units(turns, chunkTokens));

        assertThat(chunks).as("seed %d", seed).hasSizeGreaterThan(1);
        for (String c : chunks) {
            assertThat(Talk.ESTIMATOR.estimate(c)).as("seed %d: chunk within the limit", seed)
                    .isLessThanOrEqualTo(chunkTokens);
            for (String id : List.of("toolu_big", "toolu_small")) {
                if (c.contains("[tool_use " + id + " ")) {
                    assertThat(c).as("seed %d: the call's chunk holds the start of its result", seed)
                            .contains("tool_result " + id + " (bash): ");
                }
            }
        }
        String all = String.join("\n", chunks);
        assertThat(all).contains("tool_result toolu_big (bash) (continued): ");
        List<String> expected = new ArrayList<>();
        for (String line : turns.get(0).entries().get(3).toolResults().get(0).content().split("\n")) {
            if (!line.isBlank()) {
                expected.add(line.strip());
            }
        }
        int from = 0;
        for (String line : expected) { // every line of the result, in order, none lost
            int at = all.indexOf(line, from);
            assertThat(at).as("seed %d: line '%s' kept in order", seed, line).isGreaterThanOrEqualTo(0);
            from = at + line.length();
        }
    }

    @Test
    void wholeTurnsThatFitAreNeverSplit() {
        Talk talk = new Talk();
        for (int i = 0; i < 50; i++) {
            talk.user("Question " + i + " " + "x".repeat(200)).tool("t" + i, "grep", "{}", "result " + i)
                    .assistant("Answer " + i + " " + "y".repeat(200));
        }
        List<String> chunks = new InputChunker(1_000, Talk.ESTIMATOR).chunks(TranscriptText.units(talk.turns(), 1_000));
        int next = 0;
        for (String c : chunks) {
            for (String turn : c.split("\n\n(?=user: )")) {
                assertThat(turn).startsWith("user: Question " + next + " ").contains("[tool_use t" + next + " grep {}]")
                        .contains("tool_result t" + next + " (grep): result " + next).contains("Answer " + next + " ");
                next++;
            }
        }
        assertThat(next).isEqualTo(50);
    }

    @Test
    void aSingleHugeWordIsCutHard() {
        InputChunker chunker = new InputChunker(100, Talk.ESTIMATOR);
        List<String> pieces = chunker.pieces("tool_result t1 (cat)", "z".repeat(5_000), 100, 100);
        assertThat(pieces).hasSizeGreaterThan(10).allSatisfy(p -> assertThat(Talk.ESTIMATOR.estimate(p))
                .isLessThanOrEqualTo(100));
        assertThat(String.join("", pieces).replaceAll("tool_result t1 \\(cat\\)( \\(continued\\))?: ", ""))
                .isEqualTo("z".repeat(5_000));
    }
}
