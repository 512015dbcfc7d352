package dev.parley.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsResolverTest {
    private static final Map<String, String> CONFIG = Map.of(
            "parley.defaults.thinking-level", "low",
            "parley.defaults.send-policy", "reply",
            "parley.defaults.context-window", "100000",
            "parley.agents.work.defaults.thinking-level", "high",
            "parley.agents.work.defaults.model", "anthropic/claude-opus-4-5",
            "parley.agents.work.defaults.elevated", "true",
            "parley.agents.work.elevated-allow-from", " +15555550123, U123 ,",
            "parley.agents.ops.elevated-allow-from", "*");

    private final SettingsResolver resolver = SettingsResolver.fromProperties(CONFIG);

    @Test
    void withoutConfigurationTheBuiltInDefaultsApply() {
        SettingsResolver empty = SettingsResolver.fromProperties(Map.of());

        assertThat(empty.globalDefaults()).isEqualTo(SessionSettings.BUILT_IN);
        assertThat(empty.resolve("main", Overrides.NONE).settings().toJson().toString()).isEqualTo(
                "{\"model\":null,\"thinkingLevel\":\"off\",\"verboseLevel\":\"off\",\"elevated\":false,"
                        + "\"sendPolicy\":\"announce\",\"groupActivation\":\"mention\",\"ttsMode\":\"off\"}");
    }

    @Test
    void anAgentWithoutASectionUsesTheGlobalDefaults() {
        ResolvedSettings r = resolver.resolve("main", Overrides.NONE);

        assertThat(r.settings()).isEqualTo(new SessionSettings(null, ThinkingLevel.LOW, VerboseLevel.OFF, false,
                SendPolicy.REPLY, GroupActivation.MENTION, TtsMode.OFF));
        assertThat(r.sources().values()).containsOnly(ResolvedSettings.Source.GLOBAL);
    }

    @Test
    void agentDefaultsOverrideGlobalOnesAndSessionOverridesWin() {
        Overrides session = new Overrides(null, ThinkingLevel.MINIMAL, null, null, null, GroupActivation.ALWAYS, null);

        ResolvedSettings r = resolver.resolve("work", session);

        assertThat(r.settings()).isEqualTo(new SessionSettings("anthropic/claude-opus-4-5", ThinkingLevel.MINIMAL,
                VerboseLevel.OFF, true, SendPolicy.REPLY, GroupActivation.ALWAYS, TtsMode.OFF));
        assertThat(r.sourcesJson()).isEqualTo(OverridesTest.json("""
                {"model":"agent","thinkingLevel":"session","verboseLevel":"global","elevated":"agent",
                 "sendPolicy":"global","groupActivation":"session","ttsMode":"global"}"""));
    }

    @Test
    void aClearedOverrideFallsBackToTheAgentDefault() {
        Overrides session = Overrides.NONE.apply(OverridesTest.json("{\"thinkingLevel\":\"xhigh\"}")).overrides();
        Overrides cleared = session.apply(OverridesTest.json("{\"thinkingLevel\":null}")).overrides();

        assertThat(resolver.resolve("work", session).settings().thinkingLevel()).isEqualTo(ThinkingLevel.XHIGH);
        assertThat(resolver.resolve("work", cleared).settings().thinkingLevel()).isEqualTo(ThinkingLevel.HIGH);
        assertThat(resolver.resolve("work", cleared).source(SettingField.THINKING_LEVEL))
                .isEqualTo(ResolvedSettings.Source.AGENT);
    }

    @Test
    void agentDefaultsHoldOnlyTheFieldsTheAgentSets() {
        assertThat(resolver.agentDefaults("work").toJson()).isEqualTo(OverridesTest.json("""
                {"model":"anthropic/claude-opus-4-5","thinkingLevel":"high","elevated":true}"""));
        assertThat(resolver.agentDefaults("nobody")).isEqualTo(Overrides.NONE);
    }

    @Test
    void configValuesAreCaseInsensitiveAndTakeBooleanSynonyms() {
        SettingsResolver r = SettingsResolver.fromProperties(Map.of("parley.defaults.verbose-level", " ON ",
                "parley.defaults.elevated", "yes", "parley.defaults.tts-mode", "Inbound",
                "parley.defaults.group-activation", "", "parley.defaults.model", "openai/gpt-4.1"));

        assertThat(r.globalDefaults()).isEqualTo(new SessionSettings("openai/gpt-4.1", ThinkingLevel.OFF,
                VerboseLevel.ON, true, SendPolicy.ANNOUNCE, GroupActivation.MENTION, TtsMode.INBOUND));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "parley.defaults.thinking-level, hyper, 'off, minimal, low, medium, high, xhigh'",
            "parley.defaults.verbose-level, loud, 'on, off'",
            "parley.defaults.elevated, maybe, 'on, off'",
            "parley.defaults.send-policy, shout, 'skip, announce, reply'",
            "parley.defaults.group-activation, never, 'mention, always'",
            "parley.defaults.tts-mode, loud, 'off, always, inbound, tagged'",
            "parley.defaults.model, opus, provider/model",
            "parley.agents.work.defaults.thinking-level, max, 'off, minimal, low, medium, high, xhigh'"})
    void anInvalidDefaultFailsNamingTheKeyAndTheAllowedValues(String key, String value, String allowed) {
        assertThatThrownBy(() -> SettingsResolver.fromProperties(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void elevatedIsAllowedOnlyForListedSenders() {
        assertThat(resolver.elevatedAllowed("work", "+15555550123")).isTrue();
        assertThat(resolver.elevatedAllowed("work", "U123")).isTrue();
        assertThat(resolver.elevatedAllowed("work", "u123")).as("sender ids are case-sensitive").isFalse();
        assertThat(resolver.elevatedAllowed("work", "+15555550000")).isFalse();
        assertThat(resolver.elevatedAllowed("work", null)).isFalse();
        assertThat(resolver.elevatedAllowed("work", "")).isFalse();
        assertThat(resolver.elevatedAllowed("main", "+15555550123")).as("no list: nobody").isFalse();
        assertThat(resolver.elevatedAllowed("ops", "anyone")).as("* allows everyone").isTrue();
    }

    @Test
    void theElevatedCheckFeedsTheDirectiveParser() {
        String text = "/elevated on";

        assertThat(Directives.parse(text, resolver.elevatedAllowed("work", "U123")).error()).isNull();
        assertThat(Directives.parse(text, resolver.elevatedAllowed("work", "U999")).error())
                .isEqualTo(Directives.ELEVATED_REFUSED);
    }
}
