package dev.parley.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code sessions_history} shaping: redaction of every listed secret pattern, text cuts, the 80 KB cap, tools. */
class HistoryFilterTest {

    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("key sk-ant-api03-abcdefghijklmnopqrstuvwx now", "key [REDACTED] now"),
                Arguments.of("sk-proj-ABCDEFGHIJKLMNOP1234", "[REDACTED]"),
                Arguments.of("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here", "token [REDACTED] here"),
                Arguments.of("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "[REDACTED]"),
                Arguments.of("slack xoxb-1234567890-abcdefghij", "slack [REDACTED]"),
                Arguments.of("slack xoxp-1234567890-abcdefghij", "slack [REDACTED]"),
                Arguments.of("aws AKIAIOSFODNN7EXAMPLE ok", "aws [REDACTED] ok"),
                Arguments.of("Authorization: Bearer abc.def-ghi_jkl~123", "Authorization: Bearer [REDACTED]"),
                Arguments.of("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.SflKxwRJSMeKKF2QT4fwpM", "jwt [REDACTED]"),
                Arguments.of("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY----- done",
                        "[REDACTED] done"),
                Arguments.of("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg", "[REDACTED]"),
                Arguments.of("password: hunter2", "password: [REDACTED]"),
                Arguments.of("PASSWORD=hunter2 rest", "PASSWORD=[REDACTED] rest"),
                Arguments.of("secret = s3cr3t", "secret = [REDACTED]"),
                Arguments.of("access_token=abc123", "access_token=[REDACTED]"),
                Arguments.of("{\"api_key\": \"k-123\"}", "{\"api_key\": \"[REDACTED]\"}"),
                Arguments.of("apiKey: xyz", "apiKey: [REDACTED]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void everyListedSecretPatternIsRedacted(String text, String expected) {
        HistoryFilter.Result r = HistoryFilter.apply(List.of(message("user", text)), false);
        assertThat(r.entries().get(0).at("/message/content").asText()).isEqualTo(expected);
        assertThat(r.redacted()).isTrue();
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void ordinaryTextIsLeftAloneAndNotFlagged() {
        String text = "We used 1200 tokens: fine. The password policy is strict; skip-this, AKIA is a prefix.";
        HistoryFilter.Result r = HistoryFilter.apply(List.of(message("user", text)), false);
        assertThat(r.entries().get(0).at("/message/content").asText()).isEqualTo(text);
        assertThat(r.redacted()).isFalse();
    }

    @Test
    void secretsInsideBlocksAndToolInputsAreRedactedToo() {
        ObjectNode e = Json.object().put("type", "message");
        var blocks = e.putObject("message").put("role", "assistant").putArray("content");
        blocks.addObject().put("type", "text").put("text", "use sk-abcdefghijklmnopqrstuvwx");
        blocks.addObject().put("type", "tool_use").put("id", "t1").put("name", "bash")
                .putObject("input").put("cmd", "export TOKEN=abcdef");
        HistoryFilter.Result r = HistoryFilter.apply(List.of(e), true);
        assertThat(r.entries().get(0).toString()).doesNotContain("sk-abc", "abcdef").contains("TOKEN=[REDACTED]");
        assertThat(e.toString()).as("the input is not modified").contains("sk-abc");
    }

    @Test
    void aTextOverFourThousandCharactersIsCut() {
        String text = "x".repeat(4001);
        HistoryFilter.Result r = HistoryFilter.apply(List.of(message("user", text), message("user", "y".repeat(4000))),
                false);
        assertThat(r.entries().get(0).at("/message/content").asText())
                .isEqualTo("x".repeat(4000) + HistoryFilter.CUT);
        assertThat(r.entries().get(1).at("/message/content").asText()).hasSize(4000);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void theAnswerStaysUnderEightyKilobytesDroppingTheOldestFirst() {
        List<ObjectNode> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ObjectNode m = message("user", i + ":" + "é".repeat(3000)); // 2 bytes each: ~6 KB per entry
            m.put("seq", i + 1);
            entries.add(m);
        }
        HistoryFilter.Result r = HistoryFilter.apply(entries, false);
        int bytes = r.toJson().toString().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThanOrEqualTo(80 * 1024).isGreaterThan(70 * 1024);
        assertThat(r.truncated()).isTrue();
        assertThat(r.entries().get(r.entries().size() - 1).get("seq").asInt()).as("the newest is kept").isEqualTo(40);
        assertThat(r.entries().get(0).get("seq").asInt()).isGreaterThan(1);
        assertThat(r.entries()).extracting(e -> e.get("seq").asInt()).isSorted();
    }

    @Test
    void withoutToolsToolCallsToolMessagesAndToolBlocksAreDropped() {
        ObjectNode mixed = Json.object().put("type", "message");
        var blocks = mixed.putObject("message").put("role", "assistant").putArray("content");
        blocks.addObject().put("type", "text").put("text", "checking");
        blocks.addObject().put("type", "tool_use").put("id", "t1").put("name", "bash").putObject("input");
        ObjectNode onlyResult = Json.object().put("type", "message");
        onlyResult.putObject("message").put("role", "user").putArray("content").addObject()
                .put("type", "tool_result").put("toolUseId", "t1").put("content", "ok");
        ObjectNode toolMessage = message("tool", "output");
        ObjectNode call = Json.object().put("type", "tool_call").put("id", "t1").put("name", "bash");
        List<ObjectNode> all = List.of(message("user", "hi"), mixed, onlyResult, toolMessage, call);

        HistoryFilter.Result without = HistoryFilter.apply(all, false);
        assertThat(without.entries()).hasSize(2);
        assertThat(without.entries().get(1).at("/message/content")).hasSize(1);
        assertThat(without.entries().get(1).at("/message/content/0/type").asText()).isEqualTo("text");

        assertThat(HistoryFilter.apply(all, true).entries()).hasSize(5);
    }

    static ObjectNode message(String role, String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", role).put("content", text);
        return e;
    }
}
