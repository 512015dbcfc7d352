package dev.parley.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.core.error.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "agent:main:whatsapp:dm:+15555550123",
        "agent:main:telegram:group:123456789",
        "agent:main:discord:dm:user123",
        "agent:work:slack:dm:account2:U12345",
        "agent:main:telegram:dm:123456789:topic42",
        "agent:main:main",
        "agent:main:subagent:3f2a9c1e",
        // beyond the spec's list: every part present, escapes, unicode, thread-shaped identifiers
        "agent:work:slack:group:account2:C0123:thread1700000000.123456",
        "agent:main:slack:thread:C1",
        "agent:main:slack:dm:a%2Fb%3Ac%25d%20e%5C",
        "agent:main:slack:dm:été😀",
        "agent:main:slack:dm:...",
        "agent:main:slack:dm:acc:%74hread7",
        "agent:main:slack:dm:acc:%54hread7:thread9",
        "agent:main:slack:dm:thread7:thread9",
        "agent:main:slack:dm:thread7",
        "agent:main:telegram:dm:123:topic",
        "agent:a_b-c:x_y-z:dm:a_b",
    })
    void canonicalKeysRoundTrip(String key) {
        assertThat(SessionKey.parse(key, "main").format()).isEqualTo(key);
        assertThat(SessionKey.parse(key, "main").toString()).isEqualTo(key);
    }

    @Test
    void specExamplesParseIntoTheirParts() {
        assertThat(SessionKey.parse("agent:work:slack:dm:account2:U12345", "main")).isEqualTo(
                new SessionKey(KeyKind.PEER, "work", "slack", Scope.DM, "account2", "U12345", null, null));
        assertThat(SessionKey.parse("agent:main:telegram:dm:123456789:topic42", "main")).isEqualTo(
                new SessionKey(KeyKind.PEER, "main", "telegram", Scope.DM, null, "123456789", "topic42", null));
        assertThat(SessionKey.parse("agent:main:telegram:group:123456789", "main")).isEqualTo(
                new SessionKey(KeyKind.PEER, "main", "telegram", Scope.GROUP, null, "123456789", null, null));
        assertThat(SessionKey.parse("agent:main:main", "x")).isEqualTo(SessionKey.main("main"));
        assertThat(SessionKey.parse("agent:main:subagent:3f2a9c1e", "x"))
                .isEqualTo(SessionKey.subagent("main", "3f2a9c1e"));
    }

    @Test
    void legacyMainShorthandNamesTheDefaultAgentsMainSession() {
        assertThat(SessionKey.parse("main", "work").format()).isEqualTo("agent:work:main");
        assertThat(SessionKey.parse("MAIN", "Work").format()).isEqualTo("agent:work:main");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "agent:main:slack:dm:a%2fb                      | agent:main:slack:dm:a%2Fb",
        "agent:main:slack:dm:%41bc                      | agent:main:slack:dm:Abc",
        "agent:main:slack:dm:a%3ab%5cc%25%2525          | agent:main:slack:dm:a%3Ab%5Cc%25%2525",
        "agent:main:slack:dm:%c3%a9t%C3%A9              | agent:main:slack:dm:été",
        "agent:main:slack:dm:%F0%9F%98%80               | agent:main:slack:dm:😀",
        "agent:main:slack:dm:x%e2%80%83y                | agent:main:slack:dm:x%E2%80%83y",
        "agent:main:slack:dm:%2E%2E%2E                  | agent:main:slack:dm:...",
        "AGENT:Main:WhatsApp:DM:+15555550123            | agent:main:whatsapp:dm:+15555550123",
        "Agent:WORK:Slack:Dm:Account2:U12345            | agent:work:slack:dm:account2:U12345",
        "agent:main:whatsapp:dm:default:+15555550123    | agent:main:whatsapp:dm:+15555550123",
        "agent:main:whatsapp:group:DEFAULT:g1:thread9   | agent:main:whatsapp:group:g1:thread9",
        "agent:main:discord:direct:user123              | agent:main:discord:dm:user123",
        "agent:main:discord:CHANNEL:123                 | agent:main:discord:group:123",
        "agent:main:discord:Direct:user123              | agent:main:discord:dm:user123",
        "agent:main:telegram:dm:123:TOPIC42             | agent:main:telegram:dm:123:topic42",
        "agent:main:slack:dm:1:ThReAdAbC                | agent:main:slack:dm:1:threadAbC",
        "agent:main:slack:dm:acc:thread7:thread9        | agent:main:slack:dm:acc:%74hread7:thread9",
        "agent:main:slack:dm:default:%74hread7          | agent:main:slack:dm:thread7",
        "agent:Main:MAIN                                | agent:main:main",
        "agent:main:SubAgent:3f2a                       | agent:main:subagent:3f2a",
    })
    void parsingCanonicalisesKeys(String input, String canonical) {
        assertThat(SessionKey.parse(input, "main").format()).isEqualTo(canonical);
        assertThat(SessionKey.parse(input, "main")).isEqualTo(SessionKey.parse(canonical, "main"));
    }

    @Test
    void identifierCaseIsPreserved() {
        SessionKey upper = SessionKey.parse("agent:main:slack:dm:U12345", "main");
        SessionKey lower = SessionKey.parse("agent:main:slack:dm:u12345", "main");
        assertThat(upper).isNotEqualTo(lower);
        assertThat(upper.identifier()).isEqualTo("U12345");
    }

    @Test
    void noUnicodeNormalisationIsApplied() {
        SessionKey composed = SessionKey.parse("agent:main:slack:dm:\u00e9", "main");
        SessionKey decomposed = SessionKey.parse("agent:main:slack:dm:e\u0301", "main");
        assertThat(composed).isNotEqualTo(decomposed);
        assertThat(decomposed.identifier()).isEqualTo("e\u0301");
    }

    @Test
    void aThreadShapedIdentifierWithAnAccountIsEscapedSoItParsesBack() {
        SessionKey key = SessionKey.peer("main", "slack", Scope.DM, "acc", "thread7", null);
        assertThat(key.identifier()).isEqualTo("thread7");
        assertThat(key.format()).isEqualTo("agent:main:slack:dm:acc:%74hread7");
        assertThat(SessionKey.parse(key.format(), "main")).isEqualTo(key);

        SessionKey upper = SessionKey.peer("main", "slack", Scope.DM, "acc", "Topic7", "thread1");
        assertThat(upper.format()).isEqualTo("agent:main:slack:dm:acc:%54opic7:thread1");
        assertThat(SessionKey.parse(upper.format(), "main")).isEqualTo(upper);

        SessionKey noAccount = SessionKey.peer("main", "slack", Scope.DM, null, "thread7", null);
        assertThat(noAccount.format()).isEqualTo("agent:main:slack:dm:thread7");
    }

    @Test
    void twoPartsAfterTheScopeAreIdentifierAndThreadOnlyWhenTheSecondIsThreadShaped() {
        SessionKey thread = SessionKey.parse("agent:main:slack:dm:u1:thread9", "main");
        assertThat(thread.accountId()).isNull();
        assertThat(thread.identifier()).isEqualTo("u1");
        assertThat(thread.thread()).isEqualTo("thread9");
        SessionKey account = SessionKey.parse("agent:main:slack:dm:u1:thread", "main");
        assertThat(account.accountId()).isEqualTo("u1");
        assertThat(account.identifier()).isEqualTo("thread");
        assertThat(account.thread()).isNull();
    }

    @Test
    void peerPercentEncodesTheRawIdIncludingPercentSigns() {
        SessionKey key = SessionKey.peer("main", "slack", Scope.DM, null, "50%/x y:z\\\t\u2028", null);
        assertThat(key.identifier()).isEqualTo("50%25%2Fx%20y%3Az%5C%09%E2%80%A8");
        assertThat(SessionKey.peer("main", "slack", Scope.DM, null, "%41", null).identifier()).isEqualTo("%2541");
        assertThat(SessionKey.peer("main", "slack", Scope.DM, null, "été", null).identifier()).isEqualTo("été");
    }

    @ParameterizedTest(name = "raw peer id {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        ".             | identifier.dot",
        "..            | identifier.dot",
        "a\u0000b      | identifier.nul",
        "\uDC00        | identifier.raw-char",
    })
    void peerRejectsRawIdsThatCannotNameASession(String raw, String rule) {
        assertRule(() -> SessionKey.peer("main", "slack", Scope.DM, null, raw.strip(), null), rule);
    }

    @Test
    void peerRejectsEmptyAndOverlongIds() {
        assertRule(() -> SessionKey.peer("main", "slack", Scope.DM, null, "", null), "part.empty");
        assertRule(() -> SessionKey.peer("main", "slack", Scope.DM, null, null, null), "part.empty");
        assertRule(() -> SessionKey.peer("main", "slack", Scope.DM, null, "/".repeat(86), null), "identifier.length");
        assertThat(SessionKey.peer("main", "slack", Scope.DM, null, "/".repeat(85), null).identifier())
                .hasSize(255);
    }

    @Test
    void anIdentifierOfExactly256CodePointsIsAccepted() {
        String emoji = "😀".repeat(256);
        assertThat(SessionKey.parse("agent:main:slack:dm:" + emoji, "main").identifier()).isEqualTo(emoji);
        assertRule(() -> SessionKey.parse("agent:main:slack:dm:" + emoji + "a", "main"), "identifier.length");
    }

    @Test
    void aKeyOfExactly512CodePointsIsAcceptedAndOneMoreIsNot() {
        String prefix = "agent:" + "a".repeat(64) + ":" + "c".repeat(32) + ":dm:" + "b".repeat(64) + ":";
        String thread = ":thread" + "t".repeat(100);
        int identifierLength = 512 - prefix.length() - thread.length();
        String key = prefix + "i".repeat(identifierLength) + thread;
        assertThat(key).hasSize(512);
        assertThat(SessionKey.parse(key, "main").format()).isEqualTo(key);
        assertRule(() -> SessionKey.parse(prefix + "i".repeat(identifierLength + 1) + thread, "main"), "key.too-long");
    }

    @Test
    void mainAndSubagentFactoriesFoldTheAgentId() {
        assertThat(SessionKey.main("Work").format()).isEqualTo("agent:work:main");
        assertThat(SessionKey.subagent("Work", "3f2a").format()).isEqualTo("agent:work:subagent:3f2a");
        assertRule(() -> SessionKey.subagent("work", "3F2A"), "subagent.charset");
    }

    @Test
    void theConstructorRejectsPartsThatDoNotBelongToTheKeysShape() {
        assertRule(() -> new SessionKey(KeyKind.MAIN, "main", "slack", null, null, null, null, null), "key.segments");
        assertRule(() -> new SessionKey(KeyKind.SUBAGENT, "main", null, Scope.DM, null, null, null, "a"),
                "key.segments");
        assertRule(() -> new SessionKey(KeyKind.PEER, "main", "slack", Scope.DM, null, "x", null, "a"), "key.segments");
        assertRule(() -> new SessionKey(KeyKind.PEER, "main", "slack", null, null, "x", null, null), "part.empty");
        assertRule(() -> new SessionKey(KeyKind.PEER, "main", "slack", Scope.DM, null, "a:b", null, null),
                "identifier.raw-char");
        assertRule(() -> new SessionKey(KeyKind.PEER, "main", "slack", Scope.DM, "", "x", null, null), "part.empty");
        assertThatThrownBy(() -> new SessionKey(null, "main", null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("kind is null");
    }

    @Test
    void theConstructorCanonicalisesSoEqualKeysAreEqual() {
        SessionKey built = new SessionKey(KeyKind.PEER, "MAIN", "Slack", Scope.DM, "Default", "a%2fb", "THREAD1", null);
        assertThat(built).isEqualTo(SessionKey.parse("agent:main:slack:dm:a%2Fb:thread1", "main"));
        assertThat(built.accountId()).isNull();
        assertThat(built.hashCode()).isEqualTo(SessionKey.parse("agent:main:slack:dm:a%2Fb:thread1", "x").hashCode());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "agent:main:whatsapp:dm:+1             | dm",
        "agent:main:whatsapp:group:g1          | group",
        "agent:main:slack:thread:c1            | thread",
        "agent:main:slack:dm:u1:thread9        | thread",
        "agent:main:telegram:group:g1:topic3   | thread",
        "agent:main:main                       | dm",
        "agent:main:subagent:s1                | dm",
    })
    void typeReflectsScopeAndThreadPart(String key, String type) {
        assertThat(SessionKey.parse(key, "main").type()).isEqualTo(type);
    }

    @Test
    void scopeParsesAliasesCaseInsensitively() {
        assertThat(Scope.parse("DIRECT")).isEqualTo(Scope.DM);
        assertThat(Scope.parse("Channel")).isEqualTo(Scope.GROUP);
        assertThat(Scope.parse("thread")).isEqualTo(Scope.THREAD);
        assertThat(Scope.THREAD.wire()).isEqualTo("thread");
        assertThat(Scope.GROUP.wire()).isEqualTo("group");
        assertRule(() -> Scope.parse("topic"), "scope.unknown");
        assertRule(() -> Scope.parse(""), "part.empty");
    }

    @Test
    void anInvalidKeyCarriesItsCodeRuleAndAReadableMessage() {
        InvalidSessionKeyException e = catchThrowableOfType(InvalidSessionKeyException.class,
                () -> SessionKey.parse("agent:Bad Agent:slack:dm:x", "main"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_KEY);
        assertThat(e.rule()).isEqualTo("agentId.charset");
        assertThat(e.data()).isEqualTo(Map.of("rule", "agentId.charset"));
        assertThat(e.getMessage()).contains("agent id", "'Bad Agent'", "[a-z0-9][a-z0-9_-]{0,63}");
    }

    @Test
    void errorMessagesNeitherEchoControlCharactersNorHugeInput() {
        InvalidSessionKeyException e = catchThrowableOfType(InvalidSessionKeyException.class,
                () -> SessionKey.parse("agent:a\u0000\n" + "x".repeat(5000) + ":main", "main"));
        assertThat(e.rule()).isEqualTo("agentId.charset");
        assertThat(e.getMessage()).doesNotContain("\u0000", "\n").contains("\\u0000", "\\u000A").hasSizeLessThan(300);
    }

    static void assertRule(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidSessionKeyException.class, e -> {
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.data()).containsEntry("rule", rule);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_KEY);
        });
    }
}
