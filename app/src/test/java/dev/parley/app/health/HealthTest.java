package dev.parley.app.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.parley.core.compaction.registry.PluginJars;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probes of a server whose every configured compaction mode, manual strategy and summariser is registered:
 * a plugin jar (tail-keeper, with summariser first-line) provides them, globally and for agent {@code ops}.
 * ({@link CompactionReadinessTest} covers what makes readiness DOWN.)
 */
@QuarkusTest
@TestProfile(HealthTest.AllRegistered.class)
class HealthTest {

    public static class AllRegistered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path state = Path.of("target/test-data/health-" + UUID.randomUUID() + "/state").toAbsolutePath();
            try {
                PluginJars.build(PluginJars.testPlugin("tail-keeper"), state.resolve("plugins/tail-keeper.jar"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("parley.state-dir", state.toString(),
                    "parley.session.compaction.mode", "tail-keeper",
                    "parley.session.compaction.manual-strategy", "tail-keeper",
                    "parley.session.compaction.summarizer", "first-line",
                    "parley.agents.ops.compaction.mode", "prune",
                    "parley.agents.ops.compaction.manual-strategy", "manual");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started", "/q/health"})
    void probesAnswerUp(String path) {
        given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessReportsCoresFactsAndTheCompactionPlugins() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("parley-sessions"))
                .body("checks.find { it.name == 'parley-sessions' }.data.stateDirWritable", equalTo(true))
                .body("checks.find { it.name == 'parley-sessions' }.data.writersHealthy", equalTo(true))
                .body("checks.find { it.name == 'parley-sessions' }.data.compactionPlugins", equalTo(true))
                .body("checks.find { it.name == 'parley-sessions' }.data.missingPlugins", nullValue());
    }
}
