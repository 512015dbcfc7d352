package dev.parley.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The facade: descriptors, parameter checks (RPC errors naming the field), configuration, status and list. */
class SessionToolsTest {
    static final String ROOT = "agent:alpha:main";

    @TempDir
    Path dir;
    ToolsFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void theFiveToolsAreDescribedWithClosedSchemas() {
        f = new ToolsFixture(dir, Map.of());
        assertThat(f.tools.list()).extracting(d -> d.get("name").asText()).containsExactly("sessions_list",
                "sessions_history", "sessions_send", "sessions_spawn", "session_status");
        assertThat(f.tools.list()).allSatisfy(d -> {
            assertThat(d.get("description").asText()).isNotBlank();
            assertThat(d.at("/inputSchema/type").asText()).isEqualTo("object");
            assertThat(d.at("/inputSchema/additionalProperties").asBoolean(true)).isFalse();
        });
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of("sessions_nope", ROOT, "{}", "tool"),
                Arguments.of("sessions_list", ROOT, "{\"bogus\":1}", "params.bogus"),
                Arguments.of("sessions_list", ROOT, "{\"lastN\":0}", "params.lastN"),
                Arguments.of("sessions_list", ROOT, "{\"scope\":\"galaxy\"}", "params.scope"),
                Arguments.of("sessions_history", ROOT, "{}", "params.sessionKey"),
                Arguments.of("sessions_history", ROOT, "{\"sessionKey\":\"agent::x\"}", "params.sessionKey"),
                Arguments.of("sessions_history", ROOT, "{\"sessionKey\":\"main\",\"includeTools\":\"yes\"}",
                        "params.includeTools"),
                Arguments.of("sessions_send", ROOT, "{\"sessionKey\":\"main\"}", "params.message"),
                Arguments.of("sessions_send", ROOT, "{\"sessionKey\":\"main\",\"message\":\"m\","
                        + "\"replyPolicy\":\"loud\"}", "params.replyPolicy"),
                Arguments.of("sessions_send", ROOT, "{\"sessionKey\":\"main\",\"message\":\"m\","
                        + "\"timeoutSeconds\":301}", "params.timeoutSeconds"),
                Arguments.of("session_status", "agent::bad", "{}", "callerSessionKey"),
                Arguments.of("session_status", "agent:alpha:whatsapp:dm:+1999", "{}", "callerSessionKey"),
                Arguments.of("session_status", null, "{}", "callerSessionKey"));
    }

    @ParameterizedTest(name = "{0} {2} -> {3}")
    @MethodSource("badCalls")
    void badCallsAreInvalidParamsNamingTheFieldAndWriteNothing(String tool, String caller, String params,
                                                                String field) {
        f = new ToolsFixture(dir, Map.of("parley.tools.sessions.visibility", "agent"));
        f.create(ROOT);
        ParleyException e = f.invokeError(tool, caller, params);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data().get("field")).isEqualTo(field);
        assertThat(f.lastSeq(ROOT)).isEqualTo(1);
    }

    @Test
    void invalidConfigurationNamesTheKey() {
        assertThatThrownBy(() -> ToolsConfig.fromProperties(Map.of("parley.tools.sessions.visibility", "world")))
                .hasMessageContaining("parley.tools.sessions.visibility").hasMessageContaining("tree");
        assertThatThrownBy(() -> ToolsConfig.fromProperties(Map.of("parley.tools.send.max-hops", "-1")))
                .hasMessageContaining("parley.tools.send.max-hops");
        assertThatThrownBy(() -> ToolsConfig.fromProperties(Map.of("parley.tools.agent-to-agent.enabled", "maybe")))
                .hasMessageContaining("parley.tools.agent-to-agent.enabled");
        assertThatThrownBy(() -> ToolsConfig.fromProperties(Map.of("parley.tools.agent-to-agent.allow", "a b")))
                .hasMessageContaining("parley.tools.agent-to-agent.allow");
        ToolsConfig d = ToolsConfig.defaults();
        assertThat(d).isEqualTo(new ToolsConfig(Visibility.TREE, false, java.util.List.of(), 5, 1, 5));
    }

    @Test
    void sessionStatusDescribesTheCallerByDefault() {
        f = new ToolsFixture(dir, Map.of());
        f.create(ROOT);
        ObjectNode s = f.invoke("session_status", ROOT, "{}");
        assertThat(s.get("status").asText()).isEqualTo("ok");
        assertThat(s.get("sessionKey").asText()).isEqualTo(ROOT);
        assertThat(s.at("/settings/sendPolicy").asText()).isEqualTo("announce");
        assertThat(s.at("/usage/contextWindow").asLong()).isPositive();
        assertThat(s.at("/usage/estimatorDrift").isNull()).isTrue();
        assertThat(s.get("messageCount").asLong()).isEqualTo(1);
        assertThat(s.get("lock").isNull()).isTrue();
        assertThat(s.get("queueDepth").asInt()).isZero();
        assertThat(s.get("lastCompaction").isNull()).isTrue();
    }

    @Test
    void sessionsListAppliesFiltersAndLastN() {
        f = new ToolsFixture(dir, Map.of("parley.tools.sessions.visibility", "agent"));
        f.create(ROOT);
        f.create("agent:alpha:whatsapp:dm:+1555");
        f.create("agent:alpha:telegram:group:g1");
        f.create("agent:beta:main");
        ObjectNode all = f.invoke("sessions_list", ROOT, "{}");
        assertThat(all.get("sessions")).hasSize(3);
        assertThat(all.at("/sessions/0").fieldNames()).toIterable()
                .containsExactly("sessionKey", "lastActiveAt", "messageCount", "model", "status");
        assertThat(f.invoke("sessions_list", ROOT, "{\"lastN\":2}").get("sessions")).hasSize(2);
        assertThat(f.invoke("sessions_list", ROOT, "{\"scope\":\"group\"}").get("sessions")
                .findValuesAsText("sessionKey")).containsExactly("agent:alpha:telegram:group:g1");
        ObjectNode beta = f.invoke("sessions_list", ROOT, "{\"agentId\":\"beta\"}");
        assertThat(beta.get("sessions")).as(beta.toString()).isEmpty();
        ObjectNode active = f.invoke("sessions_list", ROOT, "{\"activeOnly\":true}");
        assertThat(active.get("sessions")).as(active.toString()).hasSize(3);
    }

    @Test
    void globsMatchStarAndQuestionMark() {
        assertThat(ToolsConfig.matches("a*", "alpha")).isTrue();
        assertThat(ToolsConfig.matches("b?ta", "beta")).isTrue();
        assertThat(ToolsConfig.matches("b?ta", "bta")).isFalse();
        assertThat(ToolsConfig.matches("alpha", "alphabet")).isFalse();
    }
}
