package dev.parley.app.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.PackagedApp;
import dev.parley.app.support.PackagedApp.Server;
import dev.parley.app.support.Wire;
import dev.parley.core.compaction.registry.PluginJars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars in {@code <stateDir>/plugins/} as the packaged app meets them (SPEC §1.1): a provider that fails to
 * load is skipped with a warning naming the jar while the server starts; two providers of one kind with one name
 * stop startup naming both.
 */
class PluginJarsIT {

    @TempDir
    Path tmp;

    private PackagedApp app;

    @BeforeEach
    void helper() {
        app = new PackagedApp(tmp);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        app.stopAll();
    }

    @Test
    void aBrokenJarsBadProvidersAreSkippedWithAWarningAndTheServerStarts() throws Exception {
        Path state = tmp.resolve("state");
        PluginJars.build(PluginJars.testPlugin("broken"), state.resolve("plugins/broken.jar"));

        Server server = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        server.awaitStarted();

        Wire.Reply strategies = server.get("/compaction/strategies");
        assertThat(strategies.status()).isEqualTo(200);
        List<String> compactors = new ArrayList<>();
        for (JsonNode c : strategies.json().get("compactors")) {
            compactors.add(c.get("name").asText() + "@" + c.get("source").asText());
        }
        assertThat(compactors).contains("fine@broken.jar", "manual@built-in", "prune@built-in")
                .noneMatch(c -> c.startsWith("throwing@") || c.startsWith("static-boom@") || c.startsWith("Bad Name@"));
        String output = server.output();
        assertThat(output).contains("WARN").contains("broken.jar")
                .contains("MissingCompactorProvider").contains("boom in constructor").contains("Bad Name");
        assertThat(server.get("/q/health/live").status()).isEqualTo(200);
    }

    @Test
    void aPluginClaimingABuiltInNameStopsStartupNamingBothSources() throws Exception {
        Path state = tmp.resolve("state");
        PluginJars.build(PluginJars.testPlugin("dupe-manual"), state.resolve("plugins/dupe-manual.jar"));

        Server server = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        assertThat(server.awaitExit()).isNotZero();
        assertThat(server.output()).contains("compactor 'manual'")
                .contains("dupe-manual.jar: com.example.dupe.DupeManualCompactorProvider")
                .contains("built-in: dev.parley.core.compaction.builtin.ManualCompactorProvider");
    }

    @Test
    void twoJarsWithTheSameProviderNameStopStartupNamingBothJars() throws Exception {
        Path state = tmp.resolve("state");
        Path source = PluginJars.testPlugin("tail-keeper");
        PluginJars.build(source, state.resolve("plugins/tail-keeper-1.0.jar"));
        PluginJars.build(source, state.resolve("plugins/tail-keeper-2.0.jar"));

        Server server = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        assertThat(server.awaitExit()).isNotZero();
        assertThat(server.output()).contains("compactor 'tail-keeper'").contains("summarizer 'first-line'")
                .contains("tail-keeper-1.0.jar").contains("tail-keeper-2.0.jar");
    }
}
