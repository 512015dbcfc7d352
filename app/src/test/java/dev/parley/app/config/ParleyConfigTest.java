package dev.parley.app.config;

import static dev.parley.app.config.ConfigFixture.parley;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.transcript.FsyncMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParleyConfigTest {

    @Test
    void defaultsFollowTheSpec() {
        ParleyConfig c = parley(Map.of());
        assertThat(c.stateDir()).isEqualTo(Path.of("/home/tester/.parley"));
        assertThat(c.defaultAgent()).isEqualTo("main");
        assertThat(c.bindings()).isEmpty();
        assertThat(c.session().dmScope()).isEqualTo(ParleyConfig.DmScope.PER_CHANNEL_PEER);
        assertThat(c.session().lock().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.session().lock().staleAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.storage().fsync()).isEqualTo(FsyncMode.ALWAYS);
        assertThat(c.storage().fsyncInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.storage().metadataFlush()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.storage().reopenAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.limits().maxBody().asLongValue()).isEqualTo(1024 * 1024);
        assertThat(c.limits().maxMessage().asLongValue()).isEqualTo(256 * 1024);
        assertThat(c.reset().checkEvery()).isEqualTo(Duration.ofMinutes(1));
        ConfigCheck.validate(c);
    }

    @Test
    void channelAccessAndResetPolicyKeysAreAcceptedWithTheSpecDefaults() {
        ParleyConfig defaults = parley(Map.of());
        assertThat(defaults.channels()).isEmpty();
        assertThat(defaults.session().reset().mode()).isEqualTo("daily");
        assertThat(defaults.session().reset().idleHours()).isEqualTo("72");
        assertThat(defaults.session().reset().dailyWindow().start()).isEqualTo("04:00");
        assertThat(defaults.session().reset().dailyWindow().end()).isEqualTo("05:00");
        assertThat(defaults.session().trashRetentionDays()).isEqualTo("7");

        ParleyConfig c = parley(Map.of("parley.channels.telegram.dm-policy", "allowlist",
                "parley.channels.telegram.allow-from", "alice,bob", "parley.session.reset.mode", "idle",
                "parley.session.reset.by-type.group.mode", "off",
                "parley.session.reset.by-channel.whatsapp.idle-hours", "48",
                "parley.agents.work.reset.daily-window.start", "03:00", "parley.session.expiration", "30d"));
        assertThat(c.channels().get("telegram").dmPolicy()).contains("allowlist");
        assertThat(c.channels().get("telegram").allowFrom()).contains("alice,bob");
        assertThat(c.session().reset().mode()).isEqualTo("idle");
        assertThat(c.session().reset().byType().get("group").mode()).contains("off");
        assertThat(c.session().reset().byChannel().get("whatsapp").idleHours()).contains("48");
        assertThat(c.agents().get("work").reset().dailyWindow().start()).contains("03:00");
        assertThat(c.session().expiration()).contains("30d");
    }

    @Test
    void theSweepIntervalIsReadAndMustBePositive() {
        assertThat(parley(Map.of("parley.reset.check-every", "1s")).reset().checkEvery())
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> ConfigCheck.validate(parley(Map.of("parley.reset.check-every", "0s"))))
                .hasMessageContaining("parley.reset.check-every: must be a positive duration");
    }

    @Test
    void contextAndCompactionDefaultsFollowTheSpec() {
        ParleyConfig c = parley(Map.of());
        ParleyConfig.Compaction k = c.session().compaction();
        assertThat(k.enabled()).isTrue();
        assertThat(k.mode()).isEqualTo("auto");
        assertThat(k.keepRecentTurns()).isEqualTo(10);
        assertThat(k.summaryMaxTokens()).isEqualTo(4000);
        assertThat(k.adaptiveChunking()).isTrue();
        assertThat(k.safeguard()).isTrue();
        assertThat(k.summarizer()).isEqualTo("extractive");
        assertThat(k.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(k.manualStrategy()).isEqualTo("auto");
        assertThat(c.session().dmHistoryLimit()).isEqualTo(50);
        assertThat(c.session().dmHistoryLimitByChannel()).isEmpty();
        assertThat(c.session().maxHistoryLength()).isZero();
        assertThat(c.context().bufferTokens()).isEqualTo(2000);
        assertThat(c.context().estimator()).isEqualTo("heuristic");
        assertThat(c.defaults().contextWindow()).isEqualTo(200_000);
        assertThat(c.defaults().maxOutputTokens()).isEqualTo(8192);
        assertThat(c.models()).isEmpty();
        assertThat(c.agents()).isEmpty();
        assertThat(c.plugins().dir()).isEmpty();
    }

    @Test
    void perAgentAndPerModelSettingsAreRead() {
        ParleyConfig c = parley(Map.of("parley.agents.work.compaction.mode", "prune",
                "parley.agents.work.compaction.timeout", "30s", "parley.agents.work.context.estimator", "tiktoken",
                "parley.models.\"openai/gpt-4.1-mini\".context-window", "500000",
                "parley.session.dm-history-limit-by-channel.telegram", "20", "parley.plugins.dir", "/opt/plugins"));
        assertThat(c.agents().get("work").compaction().mode()).contains("prune");
        assertThat(c.agents().get("work").compaction().timeout()).contains(Duration.ofSeconds(30));
        assertThat(c.agents().get("work").compaction().summarizer()).isEmpty();
        assertThat(c.agents().get("work").context().estimator()).contains("tiktoken");
        assertThat(c.models().get("openai/gpt-4.1-mini").contextWindow()).contains(500_000L);
        assertThat(c.session().dmHistoryLimitByChannel()).containsExactly(Map.entry("telegram", 20));
        assertThat(c.plugins().dir()).contains(Path.of("/opt/plugins"));
    }

    @Test
    void unparsableCompactionValuesFailNamingTheKey() {
        assertThatThrownBy(() -> parley(Map.of("parley.session.compaction.keep-recent-turns", "ten")))
                .hasMessageContaining("parley.session.compaction.keep-recent-turns");
        assertThatThrownBy(() -> parley(Map.of("parley.agents.work.compaction.timeout", "soon")))
                .hasMessageContaining("parley.agents.work.compaction.timeout");
    }

    @Test
    void aBooleanThatIsNeitherTrueNorFalseFailsThroughCoresParser() {
        // MicroProfile Config reads any unknown boolean spelling as false; core's parser refuses it.
        Map<String, String> agent = Map.of("parley.agents.work.compaction.safeguard", "maybe");
        assertThatThrownBy(() -> ConfigCheck.validate(parley(agent), agent))
                .hasMessageContaining("parley.agents.work.compaction.safeguard: 'maybe' is not one of true, false");
        Map<String, String> global = Map.of("parley.session.compaction.enabled", "nope");
        assertThatThrownBy(() -> ConfigCheck.validate(parley(global), global))
                .hasMessageContaining("parley.session.compaction.enabled: 'nope' is not one of true, false");
    }

    @Test
    void anUnknownParleyKeyFailsNamingIt() {
        assertThatThrownBy(() -> parley(Map.of("parley.session.compaction.mod", "prune")))
                .hasMessageContaining("parley.session.compaction.mod");
    }

    @Test
    void outOfRangeCompactionValuesFailNamingEveryKey() {
        ParleyConfig c = parley(Map.of("parley.session.compaction.keep-recent-turns", "-1",
                "parley.session.compaction.summary-max-tokens", "0", "parley.session.compaction.timeout", "0s",
                "parley.context.buffer-tokens", "-5", "parley.defaults.context-window", "0",
                "parley.session.dm-history-limit-by-channel.slack", "-2",
                "parley.models.\"x/y\".max-output-tokens", "0",
                "parley.agents.work.compaction.keep-recent-turns", "-3",
                "parley.agents.work.compaction.timeout", "-1s"));
        assertThatThrownBy(() -> ConfigCheck.validate(c))
                .hasMessageContaining("parley.session.compaction.keep-recent-turns: must be an integer of 0 or more, was -1")
                .hasMessageContaining("parley.session.compaction.summary-max-tokens: must be an integer of 1 or more")
                .hasMessageContaining("parley.session.compaction.timeout: must be a positive duration")
                .hasMessageContaining("parley.context.buffer-tokens")
                .hasMessageContaining("parley.defaults.context-window")
                .hasMessageContaining("parley.session.dm-history-limit-by-channel.slack")
                .hasMessageContaining("parley.models.\"x/y\".max-output-tokens")
                .hasMessageContaining("parley.agents.work.compaction.keep-recent-turns: must be an integer of 0 or more")
                .hasMessageContaining("parley.agents.work.compaction.timeout");
    }

    @Test
    void valuesCoreRefusesFailStartupNamingTheKeyOnce() {
        Map<String, String> raw = Map.of("parley.agents.work.compaction.keep-recent-turns", "-3",
                "parley.agents.ops.compaction.adaptive-chunking", "sometimes");
        ParleyConfig typedWithoutThem = parley(Map.of("parley.agents.work.compaction.mode", "prune",
                "parley.agents.ops.compaction.mode", "prune"));
        assertThatThrownBy(() -> ConfigCheck.validate(typedWithoutThem, raw))
                .hasMessageContaining("parley.agents.work.compaction.keep-recent-turns: '-3'")
                .hasMessageContaining("parley.agents.ops.compaction.adaptive-chunking: 'sometimes'");
        ParleyConfig typedWithThem = parley(Map.of("parley.agents.work.compaction.keep-recent-turns", "-3"));
        assertThatThrownBy(() -> ConfigCheck.validate(typedWithThem,
                Map.of("parley.agents.work.compaction.keep-recent-turns", "-3")))
                .satisfies(e -> assertThat(e.getMessage().split("parley.agents.work.compaction.keep-recent-turns",
                        -1)).as("the key once: %s", e.getMessage()).hasSize(2));
    }

    @Test
    void theStateDirComesFromParleyHomeWhenSet() {
        assertThat(parley(Map.of(), Map.of("PARLEY_HOME", "/srv/parley")).stateDir()).isEqualTo(Path.of("/srv/parley"));
    }

    @Test
    void anExplicitStateDirWinsOverParleyHome() {
        assertThat(parley(Map.of("parley.state-dir", "/data/p"), Map.of("PARLEY_HOME", "/srv/parley")).stateDir())
                .isEqualTo(Path.of("/data/p"));
    }

    @Test
    void bindingsAreReadPerChannelAndAccount() {
        ParleyConfig c = parley(Map.of("parley.bindings.telegram.business", "work",
                "parley.bindings.whatsapp.default", "main"));
        assertThat(c.bindings()).containsOnlyKeys("telegram", "whatsapp");
        assertThat(c.bindings().get("telegram")).containsExactly(Map.entry("business", "work"));
        assertThat(c.bindings().get("whatsapp")).containsExactly(Map.entry("default", "main"));
    }

    @Test
    void sizesAcceptPlainBytesOrSuffixedSizes() {
        ParleyConfig c = parley(Map.of("parley.limits.max-body", "2097152", "parley.limits.max-message", "64K"));
        assertThat(c.limits().maxBody().asLongValue()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.limits().maxMessage().asLongValue()).isEqualTo(64 * 1024);
        assertThat(parley(Map.of("parley.limits.max-body", "2M")).limits().maxBody().asLongValue())
                .isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void enumValuesAreReadInTheirConfigSpelling() {
        ParleyConfig c = parley(Map.of("parley.session.dm-scope", "main", "parley.storage.fsync", "interval"));
        assertThat(c.session().dmScope()).isEqualTo(ParleyConfig.DmScope.MAIN);
        assertThat(c.storage().fsync()).isEqualTo(FsyncMode.INTERVAL);
    }

    @Test
    void anInvalidFsyncModeFailsNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> parley(Map.of("parley.storage.fsync", "sometimes")))
                .hasMessageContaining("parley.storage.fsync")
                .hasMessageContaining("always").hasMessageContaining("interval").hasMessageContaining("never");
    }

    @Test
    void anInvalidDmScopeFailsNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> parley(Map.of("parley.session.dm-scope", "per-peer")))
                .hasMessageContaining("parley.session.dm-scope")
                .hasMessageContaining("per-channel-peer").hasMessageContaining("main");
    }

    @Test
    void anUnparsableDurationOrSizeFailsNamingTheKey() {
        assertThatThrownBy(() -> parley(Map.of("parley.session.lock.timeout", "soon")))
                .hasMessageContaining("parley.session.lock.timeout");
        assertThatThrownBy(() -> parley(Map.of("parley.limits.max-body", "lots")))
                .hasMessageContaining("parley.limits.max-body");
    }

    @Test
    void outOfRangeValuesFailNamingEveryKeyAndWhatIsAllowed() {
        ParleyConfig c = parley(Map.of("parley.storage.fsync-interval", "0s", "parley.storage.metadata-flush", "-1s",
                "parley.limits.max-body", "0", "parley.limits.max-message", "4G", "parley.session.lock.timeout", "-5s"));
        assertThatThrownBy(() -> ConfigCheck.validate(c))
                .hasMessageContaining("parley.storage.fsync-interval: must be a positive duration")
                .hasMessageContaining("parley.storage.metadata-flush")
                .hasMessageContaining("parley.limits.max-body: must be between 1 and")
                .hasMessageContaining("parley.limits.max-message")
                .hasMessageContaining("parley.session.lock.timeout");
    }

    @Test
    void pluginSettingsAreMappedByProviderNameGloballyAndPerAgent() {
        ParleyConfig c = parley(Map.of("parley.summarizers.openai.base-url", "http://127.0.0.1:11434/v1",
                "parley.summarizers.openai.api-key-env", "OPENAI_API_KEY",
                "parley.compactors.x.deep.key", "v",
                "parley.agents.work.summarizers.openai.api-key-env", "WORK_KEY",
                "parley.agents.work.compactors.flaky.behaviour", "throw",
                "parley.agents.work.compaction.mode", "prune"));
        assertThat(c.summarizers().get("openai")).containsEntry("base-url", "http://127.0.0.1:11434/v1")
                .containsEntry("api-key-env", "OPENAI_API_KEY");
        assertThat(c.compactors().get("x")).containsEntry("deep.key", "v");
        assertThat(c.agents().get("work").summarizers().get("openai")).containsEntry("api-key-env", "WORK_KEY");
        assertThat(c.agents().get("work").compactors().get("flaky")).containsEntry("behaviour", "throw");
        assertThat(c.agents().get("work").compaction().mode()).contains("prune");
    }
}
