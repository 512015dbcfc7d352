package dev.parley.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPoliciesTest {
    @Test
    void aChannelWithoutConfigurationIsOpenForDirectMessagesAndGroups() {
        AccessPolicies policies = AccessPolicies.fromProperties(Map.of("parley.default-agent", "main"));
        assertThat(policies.forChannel("telegram")).isEqualTo(ChannelPolicy.DEFAULT);
        assertThat(ChannelPolicy.DEFAULT.dmPolicy()).isEqualTo(DmPolicy.OPEN);
        assertThat(ChannelPolicy.DEFAULT.groupPolicy()).isEqualTo(GroupPolicy.OPEN);
        assertThat(AccessPolicies.openToAll().forChannel("slack")).isEqualTo(ChannelPolicy.DEFAULT);
    }

    @Test
    void allFourSettingsAreReadTrimmedAndSplitOnCommas() {
        AccessPolicies policies = AccessPolicies.fromProperties(Map.of(
                "parley.channels.telegram.dm-policy", " pairing ",
                "parley.channels.telegram.allow-from", "123, 456,,U789 ",
                "parley.channels.telegram.group-policy", "allowlist",
                "parley.channels.telegram.groups", "-100123",
                "parley.channels.slack.dm-policy", "disabled"));
        ChannelPolicy telegram = policies.forChannel("telegram");
        assertThat(telegram.dmPolicy()).isEqualTo(DmPolicy.PAIRING);
        assertThat(telegram.allowFrom()).containsExactlyInAnyOrder("123", "456", "U789");
        assertThat(telegram.groupPolicy()).isEqualTo(GroupPolicy.ALLOWLIST);
        assertThat(telegram.groups()).containsExactly("-100123");
        ChannelPolicy slack = policies.forChannel("slack");
        assertThat(slack).isEqualTo(new ChannelPolicy(DmPolicy.DISABLED, Set.of(), GroupPolicy.OPEN, Set.of()));
        assertThat(policies.configured()).containsOnlyKeys("telegram", "slack");
    }

    @Test
    void channelNamesInKeysAreCaseInsensitiveAndABlankValueIsTheDefault() {
        AccessPolicies policies = AccessPolicies.fromProperties(Map.of(
                "parley.channels.WhatsApp.dm-policy", "allowlist",
                "parley.channels.whatsapp.group-policy", " "));
        assertThat(policies.forChannel("whatsapp").dmPolicy()).isEqualTo(DmPolicy.ALLOWLIST);
        assertThat(policies.forChannel("whatsapp").groupPolicy()).isEqualTo(GroupPolicy.OPEN);
    }

    @Test
    void theSameSettingInTwoCasesFailsNamingBothKeys() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("parley.channels.telegram.dm-policy", "open");
        props.put("parley.channels.TELEGRAM.dm-policy", "disabled");
        assertThatThrownBy(() -> AccessPolicies.fromProperties(props)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.channels.telegram.dm-policy")
                .hasMessageContaining("parley.channels.TELEGRAM.dm-policy");
    }

    @Test
    void anUnknownDmPolicyFailsNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> AccessPolicies.fromProperties(Map.of("parley.channels.telegram.dm-policy", "closed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.channels.telegram.dm-policy")
                .hasMessageContaining("'closed'")
                .hasMessageContaining("open, allowlist, pairing, disabled");
    }

    @Test
    void groupsCannotUsePairingAndTheErrorListsTheGroupPolicies() {
        assertThatThrownBy(() -> AccessPolicies.fromProperties(Map.of("parley.channels.slack.group-policy", "pairing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.channels.slack.group-policy")
                .hasMessageContaining("open, allowlist, disabled");
    }

    @Test
    void policiesAreCaseSensitiveValues() {
        assertThatThrownBy(() -> AccessPolicies.fromProperties(Map.of("parley.channels.slack.dm-policy", "Open")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parley.channels.slack.dm-policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parley.channels.telegram.dm-polcy", "parley.channels.telegram",
        "parley.channels.x.y.groups"})
    void anUnknownChannelSettingFailsNamingTheAllowedOnes(String key) {
        assertThatThrownBy(() -> AccessPolicies.fromProperties(Map.of(key, "open")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("dm-policy|allow-from|group-policy|groups");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tele gram", "main", "subagent", "-slack", "a23456789012345678901234567890123", "_x"})
    void anInvalidChannelNameInAKeyFailsStartup(String channel) {
        String key = "parley.channels." + channel + ".dm-policy";
        assertThatThrownBy(() -> AccessPolicies.fromProperties(Map.of(key, "open")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("invalid channel");
    }
}
