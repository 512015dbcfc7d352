package dev.parley.core.key;

import static dev.parley.core.key.SessionKeyTest.assertRule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of SPEC §2, each with the keys that must break it (and nothing earlier). */
class InvalidSessionKeyTest {
    private static final String PEER = "agent:main:slack:dm:";

    static Stream<Arguments> invalidKeys() {
        return Stream.of(
                Arguments.of("", "part.empty"),
                Arguments.of("agents:main:main", "key.prefix"),
                Arguments.of("session:main", "key.prefix"),
                Arguments.of(" main", "key.prefix"),
                Arguments.of("ma\u0131n", "key.prefix"), // dotless i: equalsIgnoreCase would accept it
                Arguments.of("\u212Aagent:main:main", "key.prefix"),
                Arguments.of("agent", "key.segments"),
                Arguments.of("agent:main", "key.segments"),
                Arguments.of("agent:main:whatsapp", "key.segments"),
                Arguments.of("agent:main:whatsapp:dm", "key.segments"),
                Arguments.of("agent:main:main:extra", "key.segments"),
                Arguments.of("agent:main:subagent", "key.segments"),
                Arguments.of(PEER + "acc:u1:thread1:x", "key.segments"),
                Arguments.of(PEER + "a:b:c:d:e", "key.segments"),
                Arguments.of("agent:main:slack:thread:c1:thread9", "key.segments"),
                Arguments.of("agent:main:slack:thread:acc:c1:thread9", "key.segments"),
                Arguments.of("agent:" + "a".repeat(64) + ":" + "c".repeat(32) + ":group:" + "b".repeat(64) + ":"
                        + "i".repeat(256) + ":thread" + "t".repeat(128), "key.too-long"),
                Arguments.of("agent:main:slack:dm:" + "x".repeat(9000), "key.too-long"),
                Arguments.of("agent::whatsapp:dm:x", "part.empty"),
                Arguments.of("agent:main::dm:x", "part.empty"),
                Arguments.of("agent:main:whatsapp::x", "part.empty"),
                Arguments.of("agent:main:whatsapp:dm:", "part.empty"),
                Arguments.of("agent:main:whatsapp:dm:acc::thread1", "part.empty"),
                Arguments.of("agent:main:whatsapp:dm:x:", "part.empty"),
                Arguments.of("agent:main:subagent:", "part.empty"),
                Arguments.of("agent:main:whatsapp:private:x", "scope.unknown"),
                Arguments.of("agent:main:whatsapp:dms:x", "scope.unknown"),
                Arguments.of("agent:main:whatsapp:topic:x", "scope.unknown"),
                Arguments.of("agent:ma in:whatsapp:dm:x", "agentId.charset"),
                Arguments.of("agent:-main:whatsapp:dm:x", "agentId.charset"),
                Arguments.of("agent:_main:main", "agentId.charset"),
                Arguments.of("agent:" + "a".repeat(65) + ":main", "agentId.charset"),
                Arguments.of("agent:\u212Aey:main", "agentId.charset"), // Kelvin sign, lower-cases to 'k'
                Arguments.of("agent:m.ain:subagent:x", "agentId.charset"),
                Arguments.of("agent:main:what.sapp:dm:x", "channel.charset"),
                Arguments.of("agent:main:" + "c".repeat(33) + ":dm:x", "channel.charset"),
                Arguments.of("agent:main:_slack:dm:x", "channel.charset"),
                Arguments.of("agent:main:sl%61ck:dm:x", "channel.charset"),
                Arguments.of("agent:main:main:dm:x", "channel.reserved"),
                Arguments.of("agent:main:SUBAGENT:dm:x", "channel.reserved"),
                Arguments.of(PEER + "acc.1:u1", "accountId.charset"),
                Arguments.of(PEER + "acc!:u1:thread1", "accountId.charset"),
                Arguments.of(PEER + "a".repeat(65) + ":u1", "accountId.charset"),
                Arguments.of(PEER + "topic1:u1", "accountId.thread-shaped"),
                Arguments.of(PEER + "thread1:u1:thread2", "accountId.thread-shaped"),
                Arguments.of(PEER + "Thread-x:u1", "accountId.thread-shaped"),
                Arguments.of(PEER + "i".repeat(257), "identifier.length"),
                Arguments.of(PEER + "%2F".repeat(86), "identifier.length"),
                Arguments.of(PEER + "a/b", "identifier.raw-char"),
                Arguments.of(PEER + "a\\b", "identifier.raw-char"),
                Arguments.of(PEER + "a b", "identifier.raw-char"),
                Arguments.of(PEER + "a\tb", "identifier.raw-char"),
                Arguments.of(PEER + "a\nb", "identifier.raw-char"),
                Arguments.of(PEER + "a\u2003b", "identifier.raw-char"), // em space
                Arguments.of(PEER + "a\u00A0b", "identifier.raw-char"), // no-break space
                Arguments.of(PEER + "a\u0085b", "identifier.raw-char"), // NEL
                Arguments.of(PEER + "a\u007Fb", "identifier.raw-char"), // DEL
                Arguments.of(PEER + "a\uD800b", "identifier.raw-char"), // unpaired surrogate
                Arguments.of(PEER + "%G1", "identifier.bad-escape"),
                Arguments.of(PEER + "abc%", "identifier.bad-escape"),
                Arguments.of(PEER + "abc%4", "identifier.bad-escape"),
                Arguments.of(PEER + "%%41", "identifier.bad-escape"),
                Arguments.of(PEER + "%\u0661\u0661", "identifier.bad-escape"), // Arabic-Indic digits
                Arguments.of(PEER + "%C3", "identifier.bad-escape"), // truncated UTF-8
                Arguments.of(PEER + "%C3x", "identifier.bad-escape"),
                Arguments.of(PEER + "%C0%80", "identifier.bad-escape"), // overlong NUL
                Arguments.of(PEER + "%ED%A0%80", "identifier.bad-escape"), // encoded surrogate
                Arguments.of(PEER + "%FF", "identifier.bad-escape"),
                Arguments.of(PEER + "%F4%90%80%80", "identifier.bad-escape"), // above U+10FFFF
                Arguments.of(PEER + "a%00b", "identifier.nul"),
                Arguments.of(PEER + "a\u0000b", "identifier.nul"),
                Arguments.of(PEER + ".", "identifier.dot"),
                Arguments.of(PEER + "..", "identifier.dot"),
                Arguments.of(PEER + "%2E%2e", "identifier.dot"),
                Arguments.of(PEER + "acc:..", "identifier.dot"),
                Arguments.of(PEER + "..:thread1", "identifier.dot"),
                Arguments.of(PEER + "acc:123:topic", "thread.charset"),
                Arguments.of(PEER + "acc:123:topic4%32", "thread.charset"),
                Arguments.of(PEER + "acc:123:chat42", "thread.charset"),
                Arguments.of(PEER + "acc:123:thread" + "t".repeat(129), "thread.charset"),
                Arguments.of(PEER + "acc:123:thread\u00e9", "thread.charset"),
                Arguments.of("agent:main:subagent:ABC", "subagent.charset"),
                Arguments.of("agent:main:subagent:a_b", "subagent.charset"),
                Arguments.of("agent:main:subagent:-a", "subagent.charset"),
                Arguments.of("agent:main:subagent:" + "s".repeat(65), "subagent.charset"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidKeys")
    void invalidKeysAreRejectedWithTheirRule(String key, String rule) {
        assertRule(() -> SessionKey.parse(key, "main"), rule);
    }

    @Test
    void everyRuleOfTheSpecIsCovered() {
        assertThat(invalidKeys().map(a -> (String) a.get()[1]).distinct())
                .containsExactlyInAnyOrderElementsOf(InvalidSessionKeyException.RULES);
    }

    @Test
    void anInvalidDefaultAgentIsRejectedWhenTheShorthandUsesIt() {
        assertRule(() -> SessionKey.parse("main", "Not Valid"), "agentId.charset");
    }
}
