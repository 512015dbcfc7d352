package dev.parley.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DirectivesTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "/model, anthropic/claude-opus-4-5, MODEL, anthropic/claude-opus-4-5",
            "/think, high, THINKING_LEVEL, high",
            "/thinking, minimal, THINKING_LEVEL, minimal",
            "/t, xhigh, THINKING_LEVEL, xhigh",
            "/verbose, on, VERBOSE_LEVEL, on",
            "/v, off, VERBOSE_LEVEL, off",
            "/elevated, off, ELEVATED, off",
            "/elev, on, ELEVATED, on",
            "/tts, inbound, TTS_MODE, inbound",
            "/activation, always, GROUP_ACTIVATION, always",
            "/send, reply, SEND_POLICY, reply"})
    void everyDirectiveAndAliasSetsItsFieldWhateverTheCaseOfItsName(String name, String value, SettingField field,
                                                                     String shown) {
        for (String spelled : List.of(name, name.toUpperCase(Locale.ROOT), mixedCase(name))) {
            ParsedDirectives p = Directives.parse(spelled + " " + value, true);

            assertThat(p.error()).as(spelled).isNull();
            assertThat(p.directives()).as(spelled).hasSize(1);
            assertThat(p.directives().get(0).field()).isEqualTo(field);
            assertThat(field.display(p.directives().get(0).value())).isEqualTo(shown);
            assertThat(p.directiveOnly()).isTrue();
            assertThat(p.remainingText()).isEmpty();
        }
    }

    @Test
    void directiveValuesAreTypedAndCaseInsensitive() {
        assertThat(Directives.parse("/think HIGH").directives())
                .containsExactly(new Directive(SettingField.THINKING_LEVEL, ThinkingLevel.HIGH));
        assertThat(Directives.parse("/send Announce").directives())
                .containsExactly(new Directive(SettingField.SEND_POLICY, SendPolicy.ANNOUNCE));
        assertThat(Directives.parse("/activation MENTION").directives())
                .containsExactly(new Directive(SettingField.GROUP_ACTIVATION, GroupActivation.MENTION));
        assertThat(Directives.parse("/tts Tagged").directives())
                .containsExactly(new Directive(SettingField.TTS_MODE, TtsMode.TAGGED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "true", "yes", "ON", "True", "YES"})
    void trueSynonymsMeanOn(String word) {
        assertThat(Directives.parse("/verbose " + word).directives())
                .containsExactly(new Directive(SettingField.VERBOSE_LEVEL, VerboseLevel.ON));
        assertThat(Directives.parse("/elevated " + word, true).directives())
                .containsExactly(new Directive(SettingField.ELEVATED, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "false", "no", "OFF", "False", "No"})
    void falseSynonymsMeanOff(String word) {
        assertThat(Directives.parse("/v " + word).directives())
                .containsExactly(new Directive(SettingField.VERBOSE_LEVEL, VerboseLevel.OFF));
        assertThat(Directives.parse("/elev " + word).directives())
                .containsExactly(new Directive(SettingField.ELEVATED, false));
    }

    @Test
    void anInvalidThinkingLevelChangesNothingAndNamesTheLevels() {
        ParsedDirectives p = Directives.parse("/verbose on /think hyper tell me more");

        assertThat(p.error()).isEqualTo(
                "Unknown thinking level 'hyper'. Use one of: off, minimal, low, medium, high, xhigh.");
        assertThat(p.directives()).isEmpty();
        assertThat(p.directiveOnly()).isFalse();
        assertThat(p.remainingText()).isEqualTo("/verbose on /think hyper tell me more");
        assertThat(p.replyText()).isEqualTo(p.error());
        assertThat(Overrides.NONE.apply(p.directives()).isEmpty()).isTrue();
    }

    @Test
    void invalidValuesOfEveryFieldGiveAnErrorText() {
        assertThat(Directives.parse("/v loud").error()).isEqualTo("Unknown verbose level 'loud'. Use one of: on, off.");
        assertThat(Directives.parse("/elevated maybe").error())
                .isEqualTo("Unknown elevated mode 'maybe'. Use one of: on, off.");
        assertThat(Directives.parse("/send shout").error())
                .isEqualTo("Unknown send policy 'shout'. Use one of: skip, announce, reply.");
        assertThat(Directives.parse("/activation sometimes").error())
                .isEqualTo("Unknown group activation 'sometimes'. Use one of: mention, always.");
        assertThat(Directives.parse("/tts loud").error())
                .isEqualTo("Unknown TTS mode 'loud'. Use one of: off, always, inbound, tagged.");
        assertThat(Directives.parse("/model opus").error())
                .isEqualTo("Invalid model 'opus'. Use provider/model, e.g. anthropic/claude-opus-4-5.");
    }

    @Test
    void aDirectiveWithoutAValueOnItsLineIsAnError() {
        assertThat(Directives.parse("/think").error())
                .isEqualTo("Missing thinking level after /think. Use one of: off, minimal, low, medium, high, xhigh.");
        assertThat(Directives.parse("/MODEL\nanthropic/claude-opus-4-5").error())
                .startsWith("Missing model after /MODEL.");
    }

    @Test
    void leadingDirectivesAreStrippedFromTheText() {
        ParsedDirectives p = Directives.parse("/think high  what is 2+2?\nthanks");

        assertThat(p.error()).isNull();
        assertThat(p.directives()).containsExactly(new Directive(SettingField.THINKING_LEVEL, ThinkingLevel.HIGH));
        assertThat(p.directiveOnly()).isFalse();
        assertThat(p.remainingText()).isEqualTo("what is 2+2?\nthanks");
    }

    @Test
    void severalDirectivesOnSeveralLinesAreAllRead() {
        ParsedDirectives p = Directives.parse("  /model openai/gpt-4o\n/t:low\t/v on\n\n/send skip  \n");

        assertThat(p.directives()).containsExactly(
                new Directive(SettingField.MODEL, "openai/gpt-4o"),
                new Directive(SettingField.THINKING_LEVEL, ThinkingLevel.LOW),
                new Directive(SettingField.VERBOSE_LEVEL, VerboseLevel.ON),
                new Directive(SettingField.SEND_POLICY, SendPolicy.SKIP));
        assertThat(p.directiveOnly()).isTrue();
        assertThat(p.replyText()).isEqualTo("Model set to openai/gpt-4o. Thinking level set to low. "
                + "Verbose level set to on. Send policy set to skip.");
    }

    @Test
    void onlyLeadingDirectivesCount() {
        ParsedDirectives p = Directives.parse("please /think high");

        assertThat(p.directives()).isEmpty();
        assertThat(p.directiveOnly()).isFalse();
        assertThat(p.remainingText()).isEqualTo("please /think high");
    }

    @Test
    void anUnknownSlashWordIsPlainTextAndEndsTheDirectives() {
        ParsedDirectives p = Directives.parse("/think high /shrug /v on");

        assertThat(p.directives()).containsExactly(new Directive(SettingField.THINKING_LEVEL, ThinkingLevel.HIGH));
        assertThat(p.remainingText()).isEqualTo("/shrug /v on");
        assertThat(Directives.parse("/tmp/build.log is full").remainingText()).isEqualTo("/tmp/build.log is full");
        assertThat(Directives.parse("/thinks about it").directives()).isEmpty();
        assertThat(Directives.parse("/t/x").directives()).isEmpty();
        assertThat(Directives.parse("/reset").directives()).isEmpty();
    }

    @Test
    void aMessageWithoutDirectivesIsKeptUnchanged() {
        ParsedDirectives p = Directives.parse("  hello\n");

        assertThat(p.directives()).isEmpty();
        assertThat(p.error()).isNull();
        assertThat(p.remainingText()).isEqualTo("  hello\n");
        assertThat(p.directiveOnly()).isFalse();
        assertThat(Directives.parse("").directiveOnly()).isFalse();
    }

    @Test
    void theAcknowledgementNamesTheLastValueOfEachField() {
        ParsedDirectives p = Directives.parse("/think high /elev on /think low", true);

        assertThat(p.directives()).hasSize(3);
        assertThat(p.replyText()).isEqualTo("Thinking level set to low. Elevated mode set to on.");
        assertThat(Overrides.NONE.apply(p.directives()).overrides().thinkingLevel()).isEqualTo(ThinkingLevel.LOW);
    }

    @Test
    void elevatedOnFromASenderNotAllowedIsRefusedAndNothingChanges() {
        ParsedDirectives refused = Directives.parse("/think high /elevated on hi", false);

        assertThat(refused.error()).isEqualTo(Directives.ELEVATED_REFUSED);
        assertThat(refused.directives()).isEmpty();
        assertThat(refused.remainingText()).isEqualTo("/think high /elevated on hi");
        assertThat(Directives.parse("/elevated yes").error()).as("the one-argument parse refuses")
                .isEqualTo(Directives.ELEVATED_REFUSED);
        assertThat(Directives.parse("/elevated off", false).error()).as("turning it off is always allowed").isNull();
        assertThat(Directives.parse("/elevated on", true).error()).isNull();
    }

    @Test
    void sessionCommandsAreRecognisedWithTheirArguments() {
        assertThat(Directives.sessionCommand("/reset"))
                .contains(new SessionCommand(SessionCommand.Kind.RESET, ""));
        assertThat(Directives.sessionCommand("  /NEW  let's start over\nplease "))
                .contains(new SessionCommand(SessionCommand.Kind.NEW, "let's start over\nplease"));
        assertThat(Directives.sessionCommand("/Compact keep the API decisions"))
                .contains(new SessionCommand(SessionCommand.Kind.COMPACT, "keep the API decisions"));
        assertThat(Directives.sessionCommand("/new")).contains(new SessionCommand(SessionCommand.Kind.NEW, ""));
    }

    @Test
    void sessionCommandsCountOnlyAtTheStartAndAsWholeWords() {
        assertThat(Directives.sessionCommand("please /reset")).isEmpty();
        assertThat(Directives.sessionCommand("/resetting the router")).isEmpty();
        assertThat(Directives.sessionCommand("/newer")).isEmpty();
        assertThat(Directives.sessionCommand("/think high")).isEmpty();
        assertThat(Directives.sessionCommand("")).isEmpty();
    }

    private static String mixedCase(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }
}
