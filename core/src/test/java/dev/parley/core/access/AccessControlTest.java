package dev.parley.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessControlTest {
    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock("2026-01-27T11:00:00Z");

    private PairingStore store() {
        return new PairingStore(tmp.resolve("state"), clock);
    }

    private AccessControl control(String... properties) {
        return control(store(), properties);
    }

    private static AccessControl control(PairingStore store, String... properties) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put("parley.channels.telegram." + properties[i], properties[i + 1]);
        }
        return new AccessControl(AccessPolicies.fromProperties(props), store);
    }

    private static String outcome(Decision d) {
        return d.allowed() ? "allowed" : d.reason().wire();
    }

    @ParameterizedTest(name = "dm-policy={0}, sender {1} -> {2}")
    @CsvSource({
        "open,      stranger, allowed",
        "disabled,  friend,   dm_disabled",
        "allowlist, friend,   allowed",
        "allowlist, stranger, not_allowlisted",
        "pairing,   friend,   allowed",
        "pairing,   stranger, pairing_required",
    })
    void directMessagesFollowTheDmPolicy(String policy, String sender, String expected) {
        AccessControl access = control("dm-policy", policy, "allow-from", "friend");
        assertThat(outcome(access.check("telegram", "dm", sender, null))).isEqualTo(expected);
        assertThat(outcome(access.check("telegram", "direct", sender, null))).as("alias direct").isEqualTo(expected);
    }

    @ParameterizedTest(name = "group-policy={0}, {1} {2} -> {3}")
    @CsvSource({
        "open,      group,  -100999, allowed",
        "open,      thread, t-999,   allowed",
        "disabled,  group,  -100123, group_disabled",
        "disabled,  thread, t-1,     group_disabled",
        "allowlist, group,  -100123, allowed",
        "allowlist, group,  -100999, group_not_allowed",
        "allowlist, thread, t-1,     allowed",
        "allowlist, thread, t-999,   group_not_allowed",
        "allowlist, channel, -100123, allowed",
    })
    void groupsAndThreadsFollowTheGroupPolicy(String policy, String kind, String peer, String expected) {
        AccessControl access = control("group-policy", policy, "groups", "-100123,t-1");
        assertThat(outcome(access.check("telegram", kind, peer, "anyone"))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "dm-policy={0} leaves groups and threads to group-policy")
    @ValueSource(strings = {"disabled", "allowlist", "pairing"})
    void theDmPolicyNeverAppliesToGroupsOrThreads(String dmPolicy) {
        AccessControl access = control("dm-policy", dmPolicy);
        assertThat(access.check("telegram", "group", "-100123", "stranger").allowed()).isTrue();
        assertThat(access.check("telegram", "thread", "t-1", "stranger").allowed()).isTrue();
        assertThat(tmp.resolve("state")).as("no pairing for groups").doesNotExist();
    }

    @Test
    void theGroupPolicyNeverAppliesToDirectMessages() {
        AccessControl access = control("group-policy", "disabled");
        assertThat(access.check("telegram", "dm", "123", null).allowed()).isTrue();
    }

    @Test
    void allowFromMatchesTheSenderIdWhenGivenAndThePeerIdOtherwise() {
        AccessControl access = control("dm-policy", "allowlist", "allow-from", "alice");
        assertThat(access.check("telegram", "dm", "whatever", "alice").allowed()).isTrue();
        assertThat(access.check("telegram", "dm", "alice", "mallory").reason())
                .as("a listed peer id does not cover another sender").isEqualTo(DropReason.NOT_ALLOWLISTED);
        assertThat(access.check("telegram", "dm", "alice", null).allowed()).isTrue();
        assertThat(access.check("telegram", "dm", "alice", " ").allowed()).as("blank sender id").isTrue();
    }

    @Test
    void idsMatchExactlyWithCasePreservedButChannelNamesIgnoreCase() {
        AccessControl access = control("dm-policy", "allowlist", "allow-from", "U12345");
        assertThat(access.check("Telegram", "DM", "U12345", null).allowed()).isTrue();
        assertThat(access.check("telegram", "dm", "u12345", null).allowed()).isFalse();
        assertThat(access.check("slack", "dm", "u12345", null).allowed()).as("other channels stay open").isTrue();
    }

    @Test
    void anAllowlistWithoutEntriesDropsEveryDirectMessage() {
        AccessControl access = control("dm-policy", "allowlist");
        assertThat(access.check("telegram", "dm", "123", "123").reason()).isEqualTo(DropReason.NOT_ALLOWLISTED);
    }

    @Test
    void thePairingFlowHandsOutACodeRepeatsItAndAllowsTheSenderOnceApproved() {
        AccessControl access = control("dm-policy", "pairing");

        Decision first = access.check("telegram", "dm", "123", "123");
        assertThat(first.dropped()).isTrue();
        assertThat(first.reason()).isEqualTo(DropReason.PAIRING_REQUIRED);
        assertThat(first.pairing().code()).matches("[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}");
        assertThat(first.pairing().expiresAt()).isEqualTo(Instant.parse("2026-01-27T12:00:00Z"));

        clock.advance(Duration.ofMinutes(10));
        Decision second = access.check("telegram", "dm", "123", null);
        assertThat(second.pairing()).isEqualTo(first.pairing());
        assertThat(access.list("telegram").pending()).containsExactly(first.pairing());

        ApprovedSender approved = access.approve("TELEGRAM", first.pairing().code());
        assertThat(approved.senderId()).isEqualTo("123");
        assertThat(access.check("telegram", "dm", "123", "123").allowed()).isTrue();
        assertThat(access.list(null)).isEqualTo(new PairingList(List.of(), List.of(approved)));
        assertThat(access.droppedCount(DropReason.PAIRING_REQUIRED)).isEqualTo(2);
    }

    @Test
    void anUnapprovedCodeExpiresAfterOneHour() {
        AccessControl access = control("dm-policy", "pairing");
        String code = access.check("telegram", "dm", "123", null).pairing().code();
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> access.approve("telegram", code)).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
            assertThat(e.data()).containsEntry("field", "code");
        });
        assertThat(access.check("telegram", "dm", "123", null).pairing().code()).isNotEqualTo(code);
    }

    @Test
    void aFourthUnknownSenderIsDroppedWithoutACode() {
        AccessControl access = control("dm-policy", "pairing");
        Stream.of("a", "b", "c").forEach(s ->
                assertThat(access.check("telegram", "dm", s, null).reason()).isEqualTo(DropReason.PAIRING_REQUIRED));
        Decision fourth = access.check("telegram", "dm", "d", null);
        assertThat(fourth.reason()).isEqualTo(DropReason.PAIRING_PENDING_LIMIT);
        assertThat(fourth.pairing()).isNull();
        assertThat(access.droppedCount(DropReason.PAIRING_PENDING_LIMIT)).isEqualTo(1);
    }

    @Test
    void allowFromSendersPassUnderPairingWithoutACodeOrAFile() {
        AccessControl access = control("dm-policy", "pairing", "allow-from", "owner");
        assertThat(access.check("telegram", "dm", "owner", null).allowed()).isTrue();
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void approvedPairingsDoNotWidenAnAllowlist() {
        PairingStore store = store();
        AccessControl pairing = control(store, "dm-policy", "pairing");
        pairing.approve("telegram", pairing.check("telegram", "dm", "123", null).pairing().code());
        assertThat(pairing.check("telegram", "dm", "123", null).allowed()).isTrue();

        AccessControl allowlist = control(store, "dm-policy", "allowlist", "allow-from", "owner");
        assertThat(allowlist.check("telegram", "dm", "123", null).reason()).isEqualTo(DropReason.NOT_ALLOWLISTED);
    }

    @Test
    void approvalsSurviveARestart() {
        AccessControl before = control("dm-policy", "pairing");
        before.approve("telegram", before.check("telegram", "dm", "123", null).pairing().code());
        AccessControl after = control("dm-policy", "pairing");
        assertThat(after.check("telegram", "dm", "123", null).allowed()).isTrue();
    }

    @Test
    void everyDropIsCountedUnderItsReasonAndAllowedMessagesAreNot() {
        AccessControl access = control("dm-policy", "disabled", "group-policy", "allowlist", "groups", "g1");
        access.check("telegram", "dm", "1", null);
        access.check("telegram", "dm", "2", null);
        access.check("telegram", "group", "g2", null);
        access.check("telegram", "group", "g1", null);
        access.check("slack", "dm", "1", null);
        assertThat(access.droppedCount(DropReason.DM_DISABLED)).isEqualTo(2);
        assertThat(access.droppedCount(DropReason.GROUP_NOT_ALLOWED)).isEqualTo(1);
        assertThat(access.droppedCount(DropReason.GROUP_DISABLED)).isZero();
        assertThat(access.droppedCount(DropReason.NOT_ALLOWLISTED)).isZero();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "../evil, dm,     1, channel",
        "null,    dm,     1, channel",
        "a/b,     dm,     1, channel",
        "telegram, friend, 1, peer.kind",
        "telegram, null,  1, peer.kind",
        "telegram, dm,   ' ', peer.id",
        "telegram, dm,   null, peer.id",
    })
    void badInputIsInvalidParamsNamingTheFieldAndTouchesNoFile(String channel, String kind, String peer, String field)
            throws IOException {
        AccessControl access = control("dm-policy", "pairing");
        assertThatThrownBy(() -> access.check(channel, kind, peer, null)).isInstanceOfSatisfying(ParleyException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                    assertThat(e.data()).containsEntry("field", field);
                });
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void pairingRequestsWithABadChannelAreInvalidParams() {
        AccessControl access = control();
        assertThatThrownBy(() -> access.approve("../etc", "ABCDEFGH")).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.data()).containsEntry("field", "channel"));
        assertThatThrownBy(() -> access.list("x/y")).isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.data()).containsEntry("field", "channel"));
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void anUnwritablePairingDirectoryIsAStorageFailureNotADrop() throws IOException {
        Files.createDirectories(tmp.resolve("state"));
        Files.writeString(tmp.resolve("state/pairing"), "a file where the directory should be");
        AccessControl access = control("dm-policy", "pairing");
        assertThatThrownBy(() -> access.check("telegram", "dm", "1", null)).isInstanceOfSatisfying(
                ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED));
        assertThat(access.droppedCount(DropReason.PAIRING_REQUIRED)).isZero();
    }
}
