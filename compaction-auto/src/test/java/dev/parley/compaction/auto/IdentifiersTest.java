package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void findsEveryKindOfExactIdentifier() {
        String text = "Deploy api-gateway to db-7.internal:5432 per JIRA-4821 and T-19, see https://example.com/runbook, "
                + "then edit config/app.yaml and /var/log/parley.log; mail ops@example.com about commit 3f2a9c1e "
                + "and id 123e4567-e89b-12d3-a456-426614174000 at 10.0.0.12 with v1.2.3 costing $4,500 for 99.9% "
                + "uptime, ask Alice about PostgreSQL and `retryBudget` in pom.xml (issue #42).";
        assertThat(Identifiers.find(text)).contains("db-7.internal:5432", "JIRA-4821", "T-19",
                "https://example.com/runbook", "config/app.yaml", "/var/log/parley.log", "ops@example.com",
                "3f2a9c1e", "123e4567-e89b-12d3-a456-426614174000", "10.0.0.12", "v1.2.3", "$4,500", "99.9%",
                "Alice", "PostgreSQL", "retryBudget", "pom.xml", "#42");
    }

    @Test
    void ordinaryWordsSentenceStartsAndSingleDigitsAreNotIdentifiers() {
        assertThat(Identifiers.find("Please check the logs. Then we retry 3 times and/or stop. Okay?")).isEmpty();
    }

    @Test
    void aUrlIsFoundWholeWithoutTrailingPunctuation() {
        assertThat(Identifiers.find("Read https://example.com/a/b.html?x=1.")).containsExactly(
                "https://example.com/a/b.html?x=1");
    }

    @Test
    void aNameStartingASentenceCountsUnlessItIsACommonWord() {
        assertThat(Identifiers.find("Bob saw build 4411 fail. Checking the logs now. Sounds good.\nRead the docs."))
                .containsExactly("Bob", "4411");
    }

    @Test
    void codeSpansAndSnakeCaseAreIdentifiers() {
        assertThat(Identifiers.find("set `max retries` and checkout_v2_enabled in us-east-1"))
                .contains("max retries", "checkout_v2_enabled", "us-east-1");
    }
}
