package dev.parley.app.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probes with the default configuration: the bundled plugins provide the default mode ({@code auto}), manual
 * strategy and summariser ({@code extractive}). ({@link CompactionReadinessTest} covers what makes readiness DOWN.)
 */
@QuarkusTest
class HealthTest {

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
