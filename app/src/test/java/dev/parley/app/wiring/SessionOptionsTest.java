package dev.parley.app.wiring;

import static dev.parley.app.config.ConfigFixture.parley;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.session.SessionOptions;
import dev.parley.core.transcript.FsyncMode;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionOptionsTest {

    @Test
    void coreOptionsCarryEveryConfiguredValue() {
        SessionOptions o = SessionServiceProducer.options(parley(Map.of(
                "parley.state-dir", "/data/parley/../parley",
                "parley.default-agent", "ops",
                "parley.bindings.telegram.business", "work",
                "parley.session.dm-scope", "main",
                "parley.session.lock.timeout", "3s",
                "parley.session.lock.stale-after", "1h",
                "parley.storage.fsync", "interval",
                "parley.storage.fsync-interval", "20ms",
                "parley.storage.metadata-flush", "2s",
                "parley.storage.reopen-after", "7s")), Map.of("parley.agents.work.compaction.mode", "manual"));
        assertThat(o.stateDir()).isEqualTo(Path.of("/data/parley"));
        assertThat(o.defaultAgent()).isEqualTo("ops");
        assertThat(o.bindings()).containsExactly(Map.entry("telegram.business", "work"));
        assertThat(o.dmScope()).isEqualTo("main");
        assertThat(o.lockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.lockStaleAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(o.fsync()).isEqualTo(FsyncMode.INTERVAL);
        assertThat(o.fsyncInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.metadataFlush()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.reopenAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(o.maxMessageBytes()).isEqualTo(256 * 1024);
        assertThat(o.properties()).containsExactly(Map.entry("parley.agents.work.compaction.mode", "manual"));
    }

    @Test
    void coreGetsEveryParleyPropertyAsTextWithExpressionsExpanded() {
        var config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Map.of("parley.agents.work.compaction.mode", "prune",
                        "parley.compactors.prune.keep", "${parley.agents.work.compaction.mode}-x",
                        "quarkus.http.port", "1"), "test", 400))
                .build();
        assertThat(SessionServiceProducer.parleyProperties(config)).containsExactly(
                Map.entry("parley.agents.work.compaction.mode", "prune"),
                Map.entry("parley.compactors.prune.keep", "prune-x"));
    }

    @Test
    void theDefaultDmScopeIsPerChannelPeer() {
        assertThat(SessionServiceProducer.options(parley(Map.of()), Map.of()).dmScope()).isEqualTo("per-channel-peer");
    }

    @Test
    void invalidValuesFailBeforeCoreIsOpened() {
        assertThatThrownBy(() -> SessionServiceProducer.options(parley(Map.of("parley.limits.max-message", "0")), Map.of()))
                .hasMessageContaining("parley.limits.max-message");
    }

    @Test
    void defaultsOfTheTypedConfigurationAreNotPassedAsIfConfigured() {
        var config = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredConverters()
                .withMapping(dev.parley.app.config.ParleyConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("parley.agents.work.compaction.mode", "prune",
                        "user.home", "/home/t"), "test", 400))
                .build();
        assertThat(SessionServiceProducer.parleyProperties(config)).containsExactly(
                Map.entry("parley.agents.work.compaction.mode", "prune"));
    }
}
