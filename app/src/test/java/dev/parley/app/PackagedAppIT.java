package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.support.PackagedApp;
import dev.parley.app.support.PackagedApp.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as an operator runs it: one process
 * owns a state dir, a second one on the same dir exits non-zero naming the holder, a graceful stop frees the
 * dir, {@code PARLEY_HOME} chooses it, a bad setting stops startup naming the key, and the bundled compaction
 * plugins make the default configuration ready.
 */
class PackagedAppIT {

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
    void aSecondServerOnTheSameStateDirFailsNamingTheHolderAndAGracefulStopFreesIt() throws Exception {
        Path state = tmp.resolve("state");
        Server first = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        first.awaitStarted();

        Server second = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        assertThat(second.awaitExit()).isNotZero();
        assertThat(second.output()).contains(String.valueOf(first.process.pid())).containsIgnoringCase("pid");
        assertThat(first.process.isAlive()).as("the holder keeps running").isTrue();

        first.process.destroy(); // SIGTERM: Quarkus shuts down, core flushes and releases the state dir
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Server third = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        third.awaitStarted();
    }

    @Test
    void parleyHomeChoosesTheStateDir() throws Exception {
        Path home = tmp.resolve("home");
        Server server = app.start(List.of(), Map.of("PARLEY_HOME", home.toString()));
        server.awaitStarted();
        Path lock = home.resolve(".lock");
        assertThat(lock).exists();
        assertThat(Files.readString(lock)).contains(String.valueOf(server.process.pid()));
    }

    @Test
    void anInvalidSettingStopsStartupNamingTheKeyAndTheAllowedValues() throws Exception {
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state"),
                "-Dparley.storage.fsync=sometimes"), Map.of());
        assertThat(server.awaitExit()).isNotZero();
        assertThat(server.output()).contains("parley.storage.fsync").contains("always");
    }

    @Test
    void anInvalidPerAgentCompactionSettingStopsStartupNamingTheKey() throws Exception {
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state"),
                "-Dparley.agents.work.compaction.keep-recent-turns=-3",
                "-Dparley.agents.ops.compaction.safeguard=sometimes"), Map.of());
        assertThat(server.awaitExit()).isNotZero();
        assertThat(server.output()).contains("parley.agents.work.compaction.keep-recent-turns")
                .contains("parley.agents.ops.compaction.safeguard");
    }

    @Test
    void anUnknownConfiguredCompactorStopsStartupListingTheAvailableOnes() throws Exception {
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state"),
                "-Dparley.agents.work.compaction.mode=nonesuch"), Map.of());
        assertThat(server.awaitExit()).isNotZero();
        assertThat(server.output()).contains("parley.agents.work.compaction.mode=nonesuch")
                .contains("no compactor named 'nonesuch'").contains("manual").contains("prune");
    }

    /** The default mode {@code auto} and summariser {@code extractive} come with compaction-auto (runtime scope). */
    @Test
    void theDefaultConfigurationIsReadyWithTheBundledPlugins() throws Exception {
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state")), Map.of());
        server.awaitReady();
        String strategies = server.get("/compaction/strategies").body();
        assertThat(strategies).contains("\"name\":\"auto\"", "\"name\":\"extractive\"", "\"name\":\"openai\"",
                "\"name\":\"tiktoken\"", "\"name\":\"prune\"");
    }
}
