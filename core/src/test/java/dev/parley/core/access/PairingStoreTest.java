package dev.parley.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PairingStoreTest {
    private static final String CODE_FORMAT = "[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock("2026-01-27T11:00:00Z");

    private Path stateDir() {
        return tmp.resolve("state");
    }

    private PairingStore store() {
        return new PairingStore(stateDir(), clock);
    }

    private Path file(String channel) {
        return stateDir().resolve("pairing").resolve(channel + ".json");
    }

    static Stream<Long> seeds() {
        long seed = new Random().nextLong();
        System.out.println("PairingStoreTest code seed: " + seed);
        return Stream.of(seed, 1L, 42L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void codesAreEightCharactersWithoutLookAlikes(long seed) {
        Random random = new Random(seed);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            String code = PairingCodes.next(random);
            assertThat(code).as("seed %d", seed).matches(CODE_FORMAT);
            all.append(code);
        }
        assertThat(all.toString()).doesNotContain("0", "O", "1", "I", "L");
        assertThat(all.chars().distinct().count()).as("every symbol is used").isEqualTo(31);
    }

    @Test
    void anUnknownSenderGetsACodeValidForOneHourAndTheSameCodeWhenAskingAgain() throws IOException {
        PairingStore store = store();
        PendingPairing first = store.admit("telegram", "123").pending();
        assertThat(first.code()).matches(CODE_FORMAT);
        assertThat(first.senderId()).isEqualTo("123");
        assertThat(first.channel()).isEqualTo("telegram");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-01-27T11:00:00Z"));
        assertThat(first.expiresAt()).isEqualTo(Instant.parse("2026-01-27T12:00:00Z"));

        clock.advance(Duration.ofMinutes(30));
        PairingStore.Admission again = store.admit("telegram", "123");
        assertThat(again.approved()).isFalse();
        assertThat(again.pending()).isEqualTo(first);
        assertThat(store.list("telegram").pending()).containsExactly(first);
    }

    @Test
    void approvingACodeAllowsItsSenderFromThenOn() throws IOException {
        PairingStore store = store();
        PendingPairing request = store.admit("telegram", "123").pending();
        clock.advance(Duration.ofMinutes(5));

        ApprovedSender approved = store.approve("telegram", request.code().toLowerCase() + " ");

        assertThat(approved).isEqualTo(new ApprovedSender("telegram", "123", Instant.parse("2026-01-27T11:05:00Z")));
        assertThat(store.admit("telegram", "123").approved()).isTrue();
        clock.advance(Duration.ofDays(30));
        assertThat(store.admit("telegram", "123").approved()).isTrue();
        assertThat(store.list("telegram")).isEqualTo(new PairingList(List.of(), List.of(approved)));
        assertThat(store.admit("slack", "123").approved()).as("approval is per channel").isFalse();
    }

    @Test
    void aCodeIsUsedOnlyOnce() throws IOException {
        PairingStore store = store();
        String code = store.admit("telegram", "123").pending().code();
        store.approve("telegram", code);
        assertThatThrownBy(() -> store.approve("telegram", code)).satisfies(e -> assertInvalidCode(e));
    }

    @Test
    void aCodeExpiresAfterOneHourAndTheSenderThenGetsANewOne() throws IOException {
        PairingStore store = store();
        PendingPairing old = store.admit("telegram", "123").pending();

        clock.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(store.list("telegram").pending()).containsExactly(old);
        clock.advance(Duration.ofMillis(1));
        assertThat(store.list("telegram").pending()).isEmpty();
        assertThat(Files.readString(file("telegram"))).as("purged on disk").doesNotContain(old.code());
        assertThatThrownBy(() -> store.approve("telegram", old.code())).satisfies(e -> assertInvalidCode(e));

        PendingPairing fresh = store.admit("telegram", "123").pending();
        assertThat(fresh.createdAt()).isEqualTo(Instant.parse("2026-01-27T12:00:00Z"));
        assertThat(fresh.expiresAt()).isEqualTo(Instant.parse("2026-01-27T13:00:00Z"));
    }

    @Test
    void atMostThreeRequestsArePendingAndANewSenderIsRefusedRatherThanEvictingOne() throws IOException {
        PairingStore store = store();
        List<PendingPairing> first = new ArrayList<>();
        for (String sender : List.of("a", "b", "c")) {
            first.add(store.admit("telegram", sender).pending());
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(first).extracting(PendingPairing::code).doesNotHaveDuplicates();

        PairingStore.Admission fourth = store.admit("telegram", "d");
        assertThat(fourth.approved()).isFalse();
        assertThat(fourth.pending()).isNull();
        assertThat(store.list("telegram").pending()).containsExactlyElementsOf(first);
        assertThat(store.admit("telegram", "a").pending()).as("a pending sender still gets its code")
                .isEqualTo(first.get(0));
        assertThat(store.admit("slack", "d").pending()).as("the limit is per channel").isNotNull();

        store.approve("telegram", first.get(1).code());
        assertThat(store.admit("telegram", "d").pending()).as("room after an approval").isNotNull();
        assertThat(store.admit("telegram", "e").pending()).isNull();

        clock.advance(Duration.ofMinutes(58)); // "a" (created 11:00) expires at 12:00; now 12:01
        assertThat(store.admit("telegram", "e").pending()).as("room after an expiry").isNotNull();
    }

    @Test
    void pendingAndApprovedPairingsSurviveANewStoreOnTheSameDirectory() throws IOException {
        PairingStore first = store();
        PendingPairing approvedLater = first.admit("telegram", "123").pending();
        PendingPairing stillPending = first.admit("telegram", "U456").pending();
        ApprovedSender approved = first.approve("telegram", approvedLater.code());

        PairingStore second = store();
        assertThat(second.list("telegram")).isEqualTo(new PairingList(List.of(stillPending), List.of(approved)));
        assertThat(second.admit("telegram", "123").approved()).isTrue();
        assertThat(second.admit("telegram", "U456").pending()).isEqualTo(stillPending);
        assertThat(second.approve("telegram", stillPending.code()).senderId()).isEqualTo("U456");
        assertThat(store().admit("telegram", "U456").approved()).isTrue();
    }

    @Test
    void theFileHoldsTheDocumentedShapeAndNoTempFileIsLeftBehind() throws IOException {
        PairingStore store = store();
        PendingPairing request = store.admit("telegram", "123").pending();
        store.admit("telegram", "999");
        store.approve("telegram", request.code());

        JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file("telegram")));
        assertThat(root.get("version").asInt()).isEqualTo(1);
        assertThat(root.get("channel").asText()).isEqualTo("telegram");
        JsonNode pending = root.get("pending").get(0);
        assertThat(pending.get("senderId").asText()).isEqualTo("999");
        assertThat(pending.get("channel").asText()).isEqualTo("telegram");
        assertThat(pending.get("code").asText()).matches(CODE_FORMAT);
        assertThat(pending.get("createdAt").asText()).isEqualTo("2026-01-27T11:00:00Z");
        assertThat(pending.get("expiresAt").asText()).isEqualTo("2026-01-27T12:00:00Z");
        assertThat(root.get("approved").get(0).get("senderId").asText()).isEqualTo("123");
        try (Stream<Path> files = Files.list(file("telegram").getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("telegram.json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "[]",
        "{\"version\":2,\"channel\":\"telegram\",\"pending\":[],\"approved\":[]}",
        "{\"version\":1,\"channel\":\"slack\",\"pending\":[],\"approved\":[]}",
        "{\"version\":1,\"channel\":\"telegram\",\"pending\":[{\"code\":\"OOOOOOOO\",\"senderId\":\"1\","
                + "\"channel\":\"telegram\",\"createdAt\":\"2026-01-27T11:00:00Z\","
                + "\"expiresAt\":\"2026-01-27T12:00:00Z\"}],"
                + "\"approved\":[]}",
        "{\"version\":1,\"channel\":\"telegram\",\"pending\":[],\"approved\":[{\"senderId\":\"1\"}]}"})
    void aCorruptFileIsKeptAsideAndTheChannelStartsEmpty(String content) throws IOException {
        Files.createDirectories(file("telegram").getParent());
        Files.writeString(file("telegram"), content);
        Files.writeString(file("slack"), "{\"version\":1,\"channel\":\"slack\",\"pending\":[],"
                + "\"approved\":[{\"senderId\":\"7\",\"approvedAt\":\"2026-01-01T00:00:00Z\"}]}");
        PairingStore store = store();

        assertThat(store.list("telegram")).isEqualTo(new PairingList(List.of(), List.of()));

        Path aside = file("telegram").resolveSibling("telegram.json.corrupt-" + clock.millis());
        assertThat(aside).exists();
        assertThat(Files.readString(aside, StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(file("telegram")).doesNotExist();
        assertThat(store.admit("telegram", "1").pending()).isNotNull();
        assertThat(store().list("telegram").pending()).hasSize(1);
        assertThat(store.list("slack").approved()).as("other channels are untouched").hasSize(1);
    }

    @Test
    void aSecondCorruptFileInTheSameMillisecondDoesNotOverwriteTheFirst() throws IOException {
        Files.createDirectories(file("telegram").getParent());
        Files.writeString(file("telegram"), "first");
        store().list("telegram");
        Files.writeString(file("telegram"), "second");
        store().list("telegram");
        Path aside = file("telegram").resolveSibling("telegram.json.corrupt-" + clock.millis());
        assertThat(Files.readString(aside)).isEqualTo("first");
        assertThat(Files.readString(aside.resolveSibling(aside.getFileName() + "-1"))).isEqualTo("second");
    }

    @Test
    void listingEveryChannelReadsOnlyValidPairingFiles() throws IOException {
        PairingStore store = store();
        PendingPairing slack = store.admit("slack", "U1").pending();
        clock.advance(Duration.ofSeconds(1));
        PendingPairing telegram = store.admit("telegram", "123").pending();
        Path dir = file("telegram").getParent();
        Files.writeString(dir.resolve("Bad Name.json"), "{}");
        Files.writeString(dir.resolve("whatsapp.json.corrupt-1"), "junk");
        Files.createDirectory(dir.resolve("signal.json"));

        PairingList all = store().list(null);

        assertThat(all.pending()).containsExactly(slack, telegram);
        assertThat(all.approved()).isEmpty();
        assertThat(new PairingStore(tmp.resolve("never-created"), clock).list(null).pending()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "..", ".", "a/b", "a\\b", "Telegram", "", " telegram", "tele\u0000gram",
        "a23456789012345678901234567890123", "-x", "_x", "x.json"})
    void invalidChannelNamesNeverTouchTheDisk(String channel) throws IOException {
        PairingStore store = store();
        assertThatThrownBy(() -> store.admit(channel, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list(channel)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.approve(channel, "ABCDEFGH")).isInstanceOf(IllegalArgumentException.class);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMalformedCodeIsRejectedAsInvalidParamsNamingTheCodeField() {
        PairingStore store = store();
        for (String code : new String[] {"ABC", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGL", ""}) {
            assertThatThrownBy(() -> store.approve("telegram", code)).satisfies(e -> assertInvalidCode(e));
        }
        assertThatThrownBy(() -> store.approve("telegram", null)).satisfies(e -> assertInvalidCode(e));
        assertThat(stateDir()).doesNotExist();
    }

    @Test
    void concurrentRequestsNeverHandOutMoreThanThreeCodesOrTwoCodesForOneSender() throws Exception {
        PairingStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<PairingStore.Admission>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String sender = "s" + (i % 10);
                calls.add(() -> store.admit("telegram", sender));
            }
            List<PendingPairing> handedOut = new ArrayList<>();
            for (Future<PairingStore.Admission> f : pool.invokeAll(calls)) {
                if (f.get().pending() != null) {
                    handedOut.add(f.get().pending());
                }
            }
            assertThat(handedOut.stream().distinct()).hasSize(3);
            assertThat(handedOut.stream().map(PendingPairing::code).distinct()).hasSize(3);
            assertThat(store().list("telegram").pending()).containsExactlyInAnyOrderElementsOf(
                    handedOut.stream().distinct().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertInvalidCode(Throwable e) {
        assertThat(e).isInstanceOf(ParleyException.class);
        ParleyException p = (ParleyException) e;
        assertThat(p.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(p.data()).containsEntry("field", "code");
    }
}
