package dev.parley.core.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.json.Json;
import dev.parley.core.store.ViewSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model's view built newest first (reading only the turns shown) equals the view built from the whole history,
 * over seeded random histories — turns with tool calls and tool-result-only user messages, notices, reset notices,
 * entries before the first turn, a compaction with trims — and budgets from one turn to everything.
 */
class ContextTailTest {
    private static final TokenEstimator EST = text -> (text.length() + 3) / 4;

    static Stream<Long> seeds() {
        long base = Long.getLong("parley.test.seed", 20261126L);
        System.out.println("ContextTailTest base seed " + base + " (-Dparley.test.seed=…)");
        return LongStream.range(0, 60).mapToObj(i -> base + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theTailViewEqualsTheWholeView(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<ObjectNode> entries = history(rnd);
        ObjectNode compact = rnd.nextBoolean() ? compact(rnd, entries) : null;
        long total = 0;
        for (ObjectNode e : entries) {
            total += e.toString().length() / 4;
        }
        for (long available : new long[] {1, 40, total / 4 + 1, total / 2 + 1, total + 100, 10 * total + 1000}) {
            ContextBudget budget = ContextBudget.of(available + 1000, 500, 500, 0, 0);
            ContextView whole = ContextAssembler.assemble(new ViewSnapshot("k", "main", "c", "dm", null,
                    entries.size(), compact, entries), budget, EST);
            int[] read = {0};
            ContextView tail = ContextAssembler.assembleTail("k", (header, each) -> {
                header.accept(compact);
                for (int i = entries.size() - 1; i >= 0; i--) {
                    read[0]++;
                    if (!each.test(entries.get(i))) {
                        break;
                    }
                }
            }, budget, EST);
            assertThat(tail.entries()).as("seed %d budget %d", seed, available).isEqualTo(whole.entries());
            assertThat(tail.estimatedTokens()).isEqualTo(whole.estimatedTokens());
            assertThat(tail.overBudget()).isEqualTo(whole.overBudget());
            assertThat(tail.summary()).isEqualTo(whole.summary());
            if (whole.overBudget() && whole.entries().size() < entries.size() / 2) {
                assertThat(read[0]).as("only the shown turns and one more are read").isLessThan(entries.size());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aSingleTurnOverTheBudgetIsShownAndReportedOver() throws Exception {
        List<ObjectNode> entries = List.of(message(1, "user", "w".repeat(400)), message(2, "assistant", "ok"));
        ContextBudget budget = ContextBudget.of(1001, 500, 500, 0, 0);
        ContextView whole = ContextAssembler.assemble(new ViewSnapshot("k", "main", "c", "dm", null, 2, null,
                entries), budget, EST);
        ContextView tail = ContextAssembler.assembleTail("k", (header, each) -> {
            header.accept(null);
            for (int i = entries.size() - 1; i >= 0 && each.test(entries.get(i)); i--) {
                // read newest first
            }
        }, budget, EST);
        assertThat(whole.overBudget()).isTrue();
        assertThat(tail.overBudget()).isTrue();
        assertThat(tail.entries()).isEqualTo(entries);
    }

    private static List<ObjectNode> history(Random rnd) {
        List<ObjectNode> out = new ArrayList<>();
        long seq = 1;
        if (rnd.nextBoolean()) {
            out.add(message(seq++, "assistant", text(rnd))); // turn 0: entries before the first user message
        }
        int turns = 1 + rnd.nextInt(30);
        for (int t = 0; t < turns; t++) {
            out.add(message(seq++, "user", text(rnd)));
            int steps = rnd.nextInt(4);
            for (int i = 0; i < steps; i++) {
                String id = "call_" + seq;
                ObjectNode use = Json.object().put("type", "message");
                use.putObject("message").put("role", "assistant").putArray("content").addObject()
                        .put("type", "tool_use").put("id", id).put("name", "read").putObject("input");
                out.add(use.put("seq", seq++));
                ObjectNode result = Json.object().put("type", "message");
                result.putObject("message").put("role", "user").putArray("content").addObject()
                        .put("type", "tool_result").put("toolUseId", id).put("content", text(rnd));
                out.add(result.put("seq", seq++));
            }
            if (rnd.nextInt(5) == 0) {
                ObjectNode notice = message(seq++, "system", "Context overflow, run /compact");
                out.add(notice.put("notice", true));
            }
            if (rnd.nextInt(6) == 0) {
                out.add(Json.object().put("seq", seq++).put("type", "settings").put("source", "rpc"));
            }
            out.add(message(seq++, "assistant", text(rnd)));
        }
        return out;
    }

    private static ObjectNode compact(Random rnd, List<ObjectNode> entries) {
        ObjectNode c = Json.object().put("type", "compact").put("summary", text(rnd))
                .put("firstKeptSeq", entries.get(0).get("seq").asLong());
        c.putArray("summaryChunks").add("chunk one").add("chunk two");
        var trims = c.putArray("trims");
        for (ObjectNode e : entries) {
            if (e.at("/message/content/0/type").asText().equals("tool_result") && rnd.nextInt(3) == 0) {
                trims.addObject().put("seq", e.get("seq").asLong()).put("blockIndex", 0).put("headChars", 5)
                        .put("tailChars", 5);
            }
        }
        return c;
    }

    private static ObjectNode message(long seq, String role, String text) {
        ObjectNode e = Json.object().put("seq", seq).put("type", "message");
        e.putObject("message").put("role", role).put("content", text);
        return e;
    }

    private static String text(Random rnd) {
        return "w".repeat(20 + rnd.nextInt(600));
    }
}
