package dev.parley.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.InvalidSessionKeyException;
import dev.parley.core.key.SessionKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyResolverTest {
    private final KeyResolver perPeer = new KeyResolver("main", "per-channel-peer",
            Map.of("telegram.business", "work", "whatsapp.default", "main", "slack.account2", "ops"));
    private final KeyResolver mainScope = new KeyResolver("main", "main", Map.of("telegram.business", "work"));

    private static String key(KeyResolver resolver, String channel, String account, String kind, String id, String thread) {
        return resolver.resolve(channel, account, kind, id, thread).key().format();
    }

    @Test
    void aDirectMessageGetsAPerChannelPeerKey() {
        ResolvedKey resolved = perPeer.resolve("whatsapp", null, "dm", "+15555550123", null);
        assertThat(resolved.key().format()).isEqualTo("agent:main:whatsapp:dm:+15555550123");
        assertThat(resolved.agentId()).isEqualTo("main");
    }

    @Test
    void groupsAndThreadsGetTheirScope() {
        assertThat(key(perPeer, "telegram", null, "group", "-100123456789", null))
                .isEqualTo("agent:main:telegram:group:-100123456789");
        assertThat(key(perPeer, "discord", null, "channel", "123", null)).isEqualTo("agent:main:discord:group:123");
        assertThat(key(perPeer, "discord", null, "Direct", "user123", null)).isEqualTo("agent:main:discord:dm:user123");
        assertThat(key(perPeer, "slack", null, "thread", "C1-1700000000.1", null))
                .isEqualTo("agent:main:slack:thread:C1-1700000000.1");
    }

    @Test
    void aThreadIdBecomesTheThreadPartAndATopicOnTelegram() {
        assertThat(key(perPeer, "telegram", null, "group", "-100123", "42"))
                .isEqualTo("agent:main:telegram:group:-100123:topic42");
        assertThat(key(perPeer, "telegram", null, "dm", "123456789", "42"))
                .isEqualTo("agent:main:telegram:dm:123456789:topic42");
        assertThat(key(perPeer, "Telegram", null, "dm", "123456789", "42"))
                .isEqualTo("agent:main:telegram:dm:123456789:topic42");
        assertThat(key(perPeer, "slack", null, "group", "C1", "1700000000.123456"))
                .isEqualTo("agent:main:slack:group:C1:thread1700000000.123456");
    }

    @ParameterizedTest(name = "{0} threadId {1} -> {2}")
    @CsvSource({
        "slack,    topic42,  topic42",
        "telegram, thread9,  thread9",
        "slack,    thread9,  thread9",
        "slack,    Thread9,  threadThread9",
        "discord,  TOPIC1,   threadTOPIC1",
    })
    void aThreadIdThatAlreadyStartsWithThreadOrTopicIsUsedAsIs(String channel, String threadId, String part) {
        assertThat(perPeer.resolve(channel, null, "group", "g1", threadId).key().thread()).isEqualTo(part);
    }

    @Test
    void anEmptyThreadIdMeansNoThread() {
        assertThat(key(perPeer, "slack", null, "dm", "U1", "")).isEqualTo("agent:main:slack:dm:U1");
        assertThat(key(perPeer, "slack", null, "dm", "U1", null)).isEqualTo("agent:main:slack:dm:U1");
    }

    @Test
    void aThreadPeerIgnoresTheThreadId() {
        assertThat(key(perPeer, "slack", null, "thread", "T1", "T1")).isEqualTo("agent:main:slack:thread:T1");
        assertThat(key(perPeer, "slack", null, "thread", "T1", "not a valid : thread")).isEqualTo("agent:main:slack:thread:T1");
    }

    @Test
    void aNonDefaultAccountIsPartOfTheKeyAndDefaultIsNot() {
        assertThat(key(perPeer, "signal", "account2", "dm", "U12345", null))
                .isEqualTo("agent:main:signal:dm:account2:U12345");
        assertThat(key(perPeer, "signal", "Account2", "dm", "U12345", null))
                .isEqualTo("agent:main:signal:dm:account2:U12345");
        assertThat(key(perPeer, "signal", "default", "dm", "U12345", null)).isEqualTo("agent:main:signal:dm:U12345");
        assertThat(key(perPeer, "signal", " ", "dm", "U12345", null)).isEqualTo("agent:main:signal:dm:U12345");
        assertThat(key(perPeer, "signal", "acc", "dm", "thread7", "thread1"))
                .isEqualTo("agent:main:signal:dm:acc:%74hread7:thread1");
    }

    @Test
    void thePeerIdIsPercentEncodedByParley() {
        ResolvedKey resolved = perPeer.resolve("matrix", null, "dm", "@alice:example.org/x 50%", null);
        assertThat(resolved.key().identifier()).isEqualTo("@alice%3Aexample.org%2Fx%2050%25");
        assertThat(SessionKey.parse(resolved.key().format(), "main")).isEqualTo(resolved.key());
    }

    @Test
    void anExactBindingChoosesTheAgentElseTheDefaultAgent() {
        ResolvedKey bound = perPeer.resolve("telegram", "business", "dm", "42", null);
        assertThat(bound.key().format()).isEqualTo("agent:work:telegram:dm:business:42");
        assertThat(bound.agentId()).isEqualTo("work");
        assertThat(bound.matchedBy()).isEqualTo("binding");

        ResolvedKey caseFolded = perPeer.resolve("Telegram", "BUSINESS", "dm", "42", null);
        assertThat(caseFolded).isEqualTo(bound);

        ResolvedKey otherAccount = perPeer.resolve("telegram", "business2", "dm", "42", null);
        assertThat(otherAccount.agentId()).isEqualTo("main");
        assertThat(otherAccount.matchedBy()).isEqualTo("default-agent");

        ResolvedKey defaultAccount = perPeer.resolve("telegram", null, "dm", "42", null);
        assertThat(defaultAccount.matchedBy()).isEqualTo("default-agent");
    }

    @Test
    void aBindingForTheDefaultAccountMatchesAnAbsentAccountId() {
        ResolvedKey resolved = perPeer.resolve("whatsapp", null, "dm", "+1", null);
        assertThat(resolved.matchedBy()).isEqualTo("binding");
        assertThat(perPeer.resolve("whatsapp", "default", "dm", "+1", null)).isEqualTo(resolved);
        assertThat(perPeer.resolve("whatsapp", "other", "dm", "+1", null).matchedBy()).isEqualTo("default-agent");
    }

    @Test
    void theDefaultAgentIsConfigurable() {
        KeyResolver resolver = new KeyResolver("Assistant", "per-channel-peer", Map.of());
        ResolvedKey resolved = resolver.resolve("slack", null, "dm", "U1", null);
        assertThat(resolved.key().format()).isEqualTo("agent:assistant:slack:dm:U1");
        assertThat(resolved.agentId()).isEqualTo("assistant");
        assertThat(resolved.matchedBy()).isEqualTo("default-agent");
    }

    @Test
    void dmScopeMainSendsEveryDirectMessageToTheAgentsMainSession() {
        assertThat(key(mainScope, "whatsapp", null, "dm", "+15555550123", null)).isEqualTo("agent:main:main");
        assertThat(key(mainScope, "slack", "acc", "direct", "U1", "1700.1")).isEqualTo("agent:main:main");
        ResolvedKey bound = mainScope.resolve("telegram", "business", "dm", "42", "7");
        assertThat(bound.key().format()).isEqualTo("agent:work:main");
        assertThat(bound.matchedBy()).isEqualTo("binding");
        assertThat(key(mainScope, "telegram", null, "group", "-100", "7")).isEqualTo("agent:main:telegram:group:-100:topic7");
        assertThat(key(mainScope, "slack", null, "thread", "T1", null)).isEqualTo("agent:main:slack:thread:T1");
    }

    @Test
    void dmScopeMainStillValidatesThePeerId() {
        assertInvalidParams(() -> mainScope.resolve("slack", null, "dm", "..", null), "peer.id");
        assertInvalidParams(() -> mainScope.resolve("slack", null, "dm", "", null), "peer.id");
    }

    @ParameterizedTest(name = "[{index}] {5}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL          | NULL         | dm         | U1          | NULL          | channel",
        "''            | NULL         | dm         | U1          | NULL          | channel",
        "'  '          | NULL         | dm         | U1          | NULL          | channel",
        "what.sapp     | NULL         | dm         | U1          | NULL          | channel",
        "main          | NULL         | dm         | U1          | NULL          | channel",
        "subagent      | NULL         | dm         | U1          | NULL          | channel",
        "slack         | acc.1        | dm         | U1          | NULL          | accountId",
        "slack         | topic1       | dm         | U1          | NULL          | accountId",
        "slack         | NULL         | NULL       | U1          | NULL          | peer.kind",
        "slack         | NULL         | ''         | U1          | NULL          | peer.kind",
        "slack         | NULL         | private    | U1          | NULL          | peer.kind",
        "slack         | NULL         | dm         | NULL        | NULL          | peer.id",
        "slack         | NULL         | dm         | ''          | NULL          | peer.id",
        "slack         | NULL         | dm         | '   '       | NULL          | peer.id",
        "slack         | NULL         | dm         | .           | NULL          | peer.id",
        "slack         | NULL         | dm         | ..          | NULL          | peer.id",
        "slack         | NULL         | dm         | U1          | a:b           | threadId",
        "slack         | NULL         | dm         | U1          | thread        | threadId",
        "slack         | NULL         | dm         | U1          | ' '           | threadId",
        "telegram      | NULL         | group      | U1          | 4/2           | threadId",
    })
    void badInputIsInvalidParamsNamingTheField(String channel, String account, String kind, String id, String thread,
                                               String field) {
        assertInvalidParams(() -> perPeer.resolve(channel, account, kind, id, thread), field);
    }

    @Test
    void overlongPeerIdsAndThreadIdsNameTheirField() {
        assertInvalidParams(() -> perPeer.resolve("slack", null, "dm", "/".repeat(86), null), "peer.id");
        assertInvalidParams(() -> perPeer.resolve("slack", null, "dm", "a\u0000", null), "peer.id");
        assertInvalidParams(() -> perPeer.resolve("slack", null, "dm", "U1", "x".repeat(129)), "threadId");
    }

    @Test
    void aKeyOverTheLengthLimitIsAnInvalidSessionKey() {
        KeyResolver resolver = new KeyResolver("a".repeat(64), "per-channel-peer", Map.of());
        assertThatThrownBy(() -> resolver.resolve("c".repeat(32), "b".repeat(64), "group", "i".repeat(256),
                "t".repeat(128)))
                .isInstanceOfSatisfying(InvalidSessionKeyException.class,
                        e -> assertThat(e.rule()).isEqualTo("key.too-long"));
    }

    @Test
    void randomInputNeverEscapesAsAnythingButAParleyException() {
        long seed = Long.getLong("parley.seed", System.nanoTime());
        System.out.println("KeyResolverTest seed=" + seed);
        Random random = new Random(seed);
        String[] pool = {null, "", " ", "dm", "group", "thread", "direct", "channel", "telegram", "main", "default",
            "thread1", "topic", ".", "..", "a:b", "%", "%zz", "\u0000", "é", "😀", "\uD800", "UPPER", "x".repeat(300)};
        for (int i = 0; i < 20_000; i++) {
            String[] in = new String[5];
            for (int p = 0; p < 5; p++) {
                in[p] = random.nextInt(4) == 0 ? pool[random.nextInt(pool.length)]
                        : pool[random.nextInt(pool.length)] + "" + pool[random.nextInt(pool.length)];
            }
            try {
                ResolvedKey resolved = perPeer.resolve(in[0], in[1], in[2], in[3], in[4]);
                assertThat(SessionKey.parse(resolved.key().format(), "main")).isEqualTo(resolved.key());
            } catch (ParleyException e) {
                assertThat(e.code()).as("seed %d", seed).isIn(ErrorCode.INVALID_PARAMS, ErrorCode.INVALID_SESSION_KEY);
            }
        }
    }

    @Test
    void anUnknownDmScopeFailsNamingTheKeyAndItsValues() {
        assertThatThrownBy(() -> new KeyResolver("main", "per-peer", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.session.dm-scope").hasMessageContaining("per-channel-peer, main")
                .hasMessageContaining("per-peer");
        assertThatThrownBy(() -> new KeyResolver("main", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parley.session.dm-scope");
    }

    @Test
    void anInvalidDefaultAgentFailsNamingTheKey() {
        assertThatThrownBy(() -> new KeyResolver("Not Valid", "main", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.default-agent").hasMessageContaining("[a-z0-9][a-z0-9_-]{0,63}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "telegram           | work      | parley.bindings.telegram ",
        "tele.gram.business | work      | parley.bindings.tele.gram.business",
        "tele gram.business | work      | parley.bindings.tele gram.business",
        "main.business      | work      | parley.bindings.main.business",
        "telegram.topic1    | work      | parley.bindings.telegram.topic1",
        "telegram.acc!      | work      | parley.bindings.telegram.acc!",
        "telegram.business  | Bad Agent | parley.bindings.telegram.business",
        ".business          | work      | parley.bindings..business",
    })
    void anInvalidBindingFailsNamingItsKey(String name, String agent, String configKey) {
        assertThatThrownBy(() -> new KeyResolver("main", "per-channel-peer", Map.of(name, agent)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(configKey);
    }

    @Test
    void twoBindingsForTheSameAccountInDifferentCaseFail() {
        Map<String, String> bindings = new LinkedHashMap<>();
        bindings.put("telegram.business", "work");
        bindings.put("Telegram.BUSINESS", "other");
        assertThatThrownBy(() -> new KeyResolver("main", "main", bindings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.bindings.telegram.business")
                .hasMessageContaining("parley.bindings.Telegram.BUSINESS");
    }

    @Test
    void aResolvedKeyMustAgreeWithItsKey() {
        SessionKey key = SessionKey.main("work");
        assertThatThrownBy(() -> new ResolvedKey(key, "main", "binding")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResolvedKey(key, "work", "guess")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalidParams(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isExactlyInstanceOf(ParleyException.class).satisfies(t -> {
            ParleyException e = (ParleyException) t;
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
            assertThat(e.data()).containsEntry("field", field);
            assertThat(e.getMessage()).contains(field);
        });
    }
}
