package dev.parley.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OverridesTest {

    @Test
    void aPatchSetsFieldsAndListsTheirChanges() {
        OverridesUpdate u = Overrides.NONE.apply(json("""
                {"thinkingLevel":"high","elevated":true,"model":"anthropic/claude-opus-4-5"}"""));

        assertThat(u.overrides()).isEqualTo(new Overrides("anthropic/claude-opus-4-5", ThinkingLevel.HIGH, null, true,
                null, null, null));
        assertThat(u.changesJson()).isEqualTo(json("""
                {"model":{"old":null,"new":"anthropic/claude-opus-4-5"},
                 "thinkingLevel":{"old":null,"new":"high"},
                 "elevated":{"old":null,"new":true}}"""));
    }

    @Test
    void nullClearsAnOverride() {
        Overrides before = new Overrides(null, ThinkingLevel.HIGH, VerboseLevel.ON, null, null, null, TtsMode.INBOUND);

        OverridesUpdate u = before.apply(json("""
                {"thinkingLevel":null,"ttsMode":"always"}"""));

        assertThat(u.overrides()).isEqualTo(new Overrides(null, null, VerboseLevel.ON, null, null, null, TtsMode.ALWAYS));
        assertThat(u.changesJson()).isEqualTo(json("""
                {"thinkingLevel":{"old":"high","new":null},"ttsMode":{"old":"inbound","new":"always"}}"""));
        assertThat(u.overrides().toJson()).isEqualTo(json("""
                {"verboseLevel":"on","ttsMode":"always"}"""));
    }

    @Test
    void aNoOpChangeIsNotListed() {
        Overrides before = new Overrides(null, ThinkingLevel.HIGH, null, null, SendPolicy.REPLY, null, null);

        OverridesUpdate u = before.apply(json("""
                {"thinkingLevel":"high","model":null,"sendPolicy":"skip"}"""));

        assertThat(u.changes()).containsOnlyKeys(SettingField.SEND_POLICY);
        assertThat(Overrides.NONE.apply(json("{\"elevated\":null}")).isEmpty()).isTrue();
    }

    @Test
    void anUnknownFieldIsInvalidParamsNamingTheField() {
        assertThatThrownBy(() -> Overrides.NONE.apply(json("""
                {"thinkingLevel":"high","thinking_level":"low"}""")))
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.data()).containsEntry("field", "updates.thinking_level");
                    assertThat(e.getMessage()).contains("unknown setting 'thinking_level'", "thinkingLevel", "ttsMode");
                });
    }

    @Test
    void aBadValueIsInvalidParamsNamingTheFieldAndTheAllowedValues() {
        assertInvalid("{\"thinkingLevel\":\"hyper\"}", "updates.thinkingLevel", "off, minimal, low, medium, high, xhigh");
        assertInvalid("{\"verboseLevel\":3}", "updates.verboseLevel", "on, off");
        assertInvalid("{\"elevated\":\"yes\"}", "updates.elevated", "true or false");
        assertInvalid("{\"sendPolicy\":\"loud\"}", "updates.sendPolicy", "skip, announce, reply");
        assertInvalid("{\"groupActivation\":\"never\"}", "updates.groupActivation", "mention, always");
        assertInvalid("{\"ttsMode\":\"\"}", "updates.ttsMode", "off, always, inbound, tagged");
        assertInvalid("{\"model\":\"Anthropic Claude\"}", "updates.model", "provider/model");
        assertInvalid("{\"model\":\"anthropic/\"}", "updates.model", "provider/model");
    }

    @Test
    void anInvalidPatchChangesNothing() {
        Overrides before = new Overrides(null, ThinkingLevel.LOW, null, null, null, null, null);

        assertThatThrownBy(() -> before.apply(json("""
                {"thinkingLevel":"high","sendPolicy":"nope"}"""))).isInstanceOf(ParleyException.class);
        assertThat(before.thinkingLevel()).isEqualTo(ThinkingLevel.LOW);
    }

    @Test
    void theSettingsEntryCarriesSourceAndChanges() {
        OverridesUpdate u = new Overrides(null, null, null, true, null, null, null).clearAll();

        assertThat(u.settingsEntry(SettingsSource.RESET)).isEqualTo(json("""
                {"type":"settings","source":"reset","changes":{"elevated":{"old":true,"new":null}}}"""));
        assertThat(u.overrides()).isEqualTo(Overrides.NONE);
        assertThat(Overrides.NONE.apply(json("{\"verboseLevel\":null}"))
                .settingsEntry(SettingsSource.RPC).get("changes").isEmpty()).isTrue();
    }

    @Test
    void directivesApplyInOrderAndReportOverrideChanges() {
        Overrides before = new Overrides("openai/gpt-4o", null, null, null, null, null, null);

        OverridesUpdate u = before.apply(Directives.parse("/model anthropic/claude-opus-4-5 /t high /t medium")
                .directives());

        assertThat(u.overrides().model()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(u.overrides().thinkingLevel()).isEqualTo(ThinkingLevel.MEDIUM);
        assertThat(u.settingsEntry(SettingsSource.DIRECTIVE)).isEqualTo(json("""
                {"type":"settings","source":"directive","changes":{
                  "model":{"old":"openai/gpt-4o","new":"anthropic/claude-opus-4-5"},
                  "thinkingLevel":{"old":null,"new":"medium"}}}"""));
    }

    @Test
    void storedOverridesRoundTripThroughJson() {
        Overrides o = new Overrides("openrouter/meta-llama/llama-3.1-70b:free", ThinkingLevel.XHIGH, VerboseLevel.OFF,
                false, SendPolicy.SKIP, GroupActivation.ALWAYS, TtsMode.TAGGED);

        assertThat(Overrides.fromJson(o.toJson())).isEqualTo(o);
        assertThat(Overrides.fromJson(Json.object())).isEqualTo(Overrides.NONE);
        assertThatThrownBy(() -> Overrides.fromJson(json("{\"ttsMode\":\"loud\"}")))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.data()).containsEntry("field", "overrides.ttsMode"));
    }

    @Test
    void anOverrideSetCannotHoldAnInvalidModel() {
        assertThatThrownBy(() -> new Overrides("no-slash", null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-slash");
        assertThatThrownBy(() -> Overrides.NONE.with(SettingField.THINKING_LEVEL, "high"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalid(String updates, String field, String mentioned) {
        assertThatThrownBy(() -> Overrides.NONE.apply(json(updates))).as(updates)
                .isInstanceOfSatisfying(ParleyException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.data()).containsEntry("field", field);
                    assertThat(e.getMessage()).contains(mentioned);
                });
    }

    static ObjectNode json(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try {
            return Json.parseObject(b, 0, b.length);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
