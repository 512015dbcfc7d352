package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryChunksTest {

    @Test
    void paragraphsArePackedInOrderUpToTheTargetAndJoinBackToTheSummary() {
        String summary = "Decisions:\n- a\n- b\n\n\n\nRules:\n- never on Fridays\n\nContext:\n- " + "x".repeat(40)
                + "\n\nLast user request:\nship it";
        List<String> chunks = SummaryChunks.split(summary, 12, Talk.ESTIMATOR);
        assertThat(chunks).containsExactly("Decisions:\n- a\n- b\n\nRules:\n- never on Fridays",
                "Context:\n- " + "x".repeat(40), "Last user request:\nship it");
        assertThat(String.join("\n\n", chunks)).isEqualTo(SummaryChunks.normalise(summary));
    }

    @Test
    void aFirstParagraphLargerThanTheTargetIsOneChunkAndNoChunkIsEmpty() {
        List<String> chunks = SummaryChunks.split("y".repeat(400) + "\n\nshort", 10, Talk.ESTIMATOR);
        assertThat(chunks).containsExactly("y".repeat(400), "short");
    }

    @Test
    void anUnchangedHeadGivesIdenticalLeadingChunks() {
        String head = "Decisions:\n- keep Redis\n\nRules:\n- " + "z".repeat(60);
        List<String> before = SummaryChunks.split(head + "\n\nLast user request:\nA", 20, Talk.ESTIMATOR);
        List<String> after = SummaryChunks.split(head + "\n\nOpen tasks:\n- B\n\nLast user request:\nC", 20,
                Talk.ESTIMATOR);
        assertThat(after.subList(0, 2)).isEqualTo(before.subList(0, 2));
    }
}
