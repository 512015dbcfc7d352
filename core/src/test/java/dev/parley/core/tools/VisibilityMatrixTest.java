package dev.parley.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §9 visibility: each {@code parley.tools.sessions.visibility} against each relation between caller and
 * target, with the agent-to-agent switch and globs. Seen through {@code session_status} and
 * {@code sessions_history} (ok vs {@code forbidden "not visible"}) and {@code sessions_list} (listed or not).
 */
class VisibilityMatrixTest {
    static final String ROOT = "agent:alpha:main";
    static final String PEER = "agent:alpha:whatsapp:dm:+15555550123";
    static final String OTHER_AGENT = "agent:beta:main";

    enum Relation { SELF, SAME_AGENT, CHILD, GRANDCHILD, PARENT, OTHER_AGENT }

    @TempDir
    Path dir;

    static Stream<Arguments> table() {
        return Stream.of(
                // visibility, relation, a2a enabled, allow globs, visible
                Arguments.of("self", Relation.SELF, false, "", true),
                Arguments.of("self", Relation.SAME_AGENT, false, "", false),
                Arguments.of("self", Relation.CHILD, false, "", false),
                Arguments.of("self", Relation.PARENT, false, "", false),
                Arguments.of("self", Relation.OTHER_AGENT, true, "*", false),
                Arguments.of("tree", Relation.SELF, false, "", true),
                Arguments.of("tree", Relation.SAME_AGENT, false, "", false),
                Arguments.of("tree", Relation.CHILD, false, "", true),
                Arguments.of("tree", Relation.GRANDCHILD, false, "", true),
                Arguments.of("tree", Relation.PARENT, false, "", false),
                Arguments.of("tree", Relation.OTHER_AGENT, true, "*", false),
                Arguments.of("agent", Relation.SAME_AGENT, false, "", true),
                Arguments.of("agent", Relation.CHILD, false, "", true),
                Arguments.of("agent", Relation.PARENT, false, "", true),
                Arguments.of("agent", Relation.OTHER_AGENT, true, "*", false),
                Arguments.of("all", Relation.SELF, false, "", true),
                Arguments.of("all", Relation.SAME_AGENT, false, "", true),
                Arguments.of("all", Relation.PARENT, false, "", true),
                Arguments.of("all", Relation.OTHER_AGENT, false, "*", false),
                Arguments.of("all", Relation.OTHER_AGENT, true, "", false),
                Arguments.of("all", Relation.OTHER_AGENT, true, "*", true),
                Arguments.of("all", Relation.OTHER_AGENT, true, "alpha", false),
                Arguments.of("all", Relation.OTHER_AGENT, true, "alpha, be?a", true),
                Arguments.of("all", Relation.OTHER_AGENT, true, "al*,b*", true),
                Arguments.of("all", Relation.OTHER_AGENT, true, "gamma,beta", false));
    }

    @ParameterizedTest(name = "{0} {1} a2a={2} allow=''{3}'' -> {4}")
    @MethodSource("table")
    void visibilityFollowsTheConfiguredRule(String visibility, Relation relation, boolean a2a, String allow,
                                            boolean visible) {
        Map<String, String> props = new HashMap<>(Map.of("parley.tools.sessions.visibility", visibility,
                "parley.tools.agent-to-agent.enabled", String.valueOf(a2a),
                "parley.tools.spawn.max-depth", "2"));
        props.put("parley.tools.agent-to-agent.allow", allow);
        try (ToolsFixture f = new ToolsFixture(dir, props)) {
            f.create(ROOT);
            f.create(PEER);
            f.create(OTHER_AGENT);
            String[] pair = callerAndTarget(f, relation);
            String caller = pair[0];
            String target = pair[1];

            ObjectNode status = f.invoke("session_status", caller, "{\"sessionKey\":\"" + target + "\"}");
            ObjectNode history = f.invoke("sessions_history", caller, "{\"sessionKey\":\"" + target + "\"}");
            ObjectNode list = f.invoke("sessions_list", caller, "{}");
            boolean listed = list.get("sessions").findValuesAsText("sessionKey").contains(target);
            if (visible) {
                assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("ok");
                assertThat(status.get("sessionKey").asText()).isEqualTo(target);
                assertThat(history.get("status").asText()).isEqualTo("ok");
                assertThat(history.get("entries")).isNotEmpty();
            } else {
                assertThat(status.toString()).isEqualTo("{\"status\":\"forbidden\",\"error\":\"not visible\"}");
                assertThat(history).isEqualTo(status);
            }
            assertThat(listed).as("listed in %s", list).isEqualTo(visible);
        }
    }

    private static String[] callerAndTarget(ToolsFixture f, Relation relation) {
        return switch (relation) {
            case SELF -> new String[] {ROOT, ROOT};
            case SAME_AGENT -> new String[] {ROOT, PEER};
            case CHILD -> new String[] {ROOT, f.spawn(ROOT, "child task")};
            case GRANDCHILD -> new String[] {ROOT, f.spawn(f.spawn(ROOT, "child task"), "grandchild task")};
            case PARENT -> new String[] {f.spawn(ROOT, "child task"), ROOT};
            case OTHER_AGENT -> new String[] {ROOT, OTHER_AGENT};
        };
    }
}
