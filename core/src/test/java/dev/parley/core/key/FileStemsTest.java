package dev.parley.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileStemsTest {
    private static final long SEED = Long.getLong("parley.seed", System.nanoTime());
    private static final String SAFE = "[A-Za-z0-9+=@.,%_~-]+";

    @BeforeAll
    static void printSeed() {
        System.out.println("FileStemsTest seed=" + SEED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "agent:main:whatsapp:dm:+15555550123        | agent_main_whatsapp_dm_+15555550123",
        "agent:main:main                            | agent_main_main",
        "agent:main:subagent:3f2a9c1e               | agent_main_subagent_3f2a9c1e",
        "agent:work:slack:dm:account2:U12345        | agent_work_slack_dm_account2_U12345",
        "agent:main:telegram:dm:123456789:topic42   | agent_main_telegram_dm_123456789_topic42",
        "agent:a_b:main                             | agent_a%5Fb_main",
        "agent:main:slack:dm:a%2Fb                  | agent_main_slack_dm_a%252Fb",
        "agent:main:slack:dm:été                    | agent_main_slack_dm_%C3%A9t%C3%A9",
        "agent:main:slack:dm:a=b@c,d.e+f-g          | agent_main_slack_dm_a=b@c,d.e+f-g",
        "agent:main:slack:dm:~x*y                   | agent_main_slack_dm_%7Ex%2Ay",
        "agent:main:slack:dm:...                    | agent_main_slack_dm_...",
        "agent:main:slack:dm:acc:%74hread7          | agent_main_slack_dm_acc_%2574hread7",
    })
    void stemsFollowTheSeedWithUnsafeBytesEscaped(String key, String stem) {
        assertThat(FileStems.stem(key)).isEqualTo(stem);
        assertThat(FileStems.stem(SessionKey.parse(key, "main"))).isEqualTo(stem);
    }

    @Test
    void aLeadingDotIsEncodedAndOtherDotsAreNot() {
        assertThat(FileStems.encode(".")).isEqualTo("%2E");
        assertThat(FileStems.encode("..")).isEqualTo("%2E.");
        assertThat(FileStems.encode(".hidden.file")).isEqualTo("%2Ehidden.file");
        assertThat(FileStems.encode("a..b")).isEqualTo("a..b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "AGENT:main:main", "agent:main:slack:dm:a%2fb", "agent:main:slack:direct:x",
        "agent:main:slack:dm:default:x", "agent:main:slack:dm:%41"})
    void aNonCanonicalSpellingIsRefusedRatherThanGivenASecondStem(String key) {
        assertThatThrownBy(() -> FileStems.stem(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a canonical session key");
    }

    @Test
    void anInvalidKeyHasNoStem() {
        assertThatThrownBy(() -> FileStems.stem("agent:main:slack:dm:a/b"))
                .isInstanceOfSatisfying(InvalidSessionKeyException.class,
                        e -> assertThat(e.rule()).isEqualTo("identifier.raw-char"));
    }

    @Test
    void keysDifferingOnlyInColonsUnderscoresAndEscapesGetDifferentStems() {
        List<String> keys = List.of("agent:a_b:main", "agent:a:b_main:dm:x", "agent:x:slack:dm:a_b",
                "agent:x:slack:dm:a%3Ab", "agent:x:slack:dm:a%255Fb", "agent:x:slack:dm:a%253Ab", "agent:x:slack:dm:a:b",
                "agent:x:slack_dm:dm:a", "agent:x:slack:dm:a_b:thread1", "agent:x:slack:dm:a:b_thread1");
        assertThat(keys.stream().map(FileStems::stem).distinct()).hasSameSizeAs(keys);
    }

    @Test
    void stemsOfRandomKeysAreInjectiveReversibleAndSafe() {
        RandomKeys gen = new RandomKeys(SEED);
        Map<String, String> keyByStem = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String key = gen.key().format();
            String stem = FileStems.stem(key);
            String previous = keyByStem.put(stem, key);
            if (previous != null && !previous.equals(key) || !stem.matches(SAFE) || stem.length() > 217
                    || !stem.contains("~") && !decodeStem(stem).equals(key)) {
                assertThat(previous).as("seed %d: stems collide", SEED).isIn(null, key);
                assertThat(stem).as("seed %d: %s", SEED, key).matches(SAFE).hasSizeLessThanOrEqualTo(217);
                assertThat(decodeStem(stem)).as("seed %d", SEED).isEqualTo(key);
            }
        }
    }

    @Test
    void longKeysAreCutAndHashedToAtMost217Bytes() throws Exception {
        RandomKeys gen = new RandomKeys(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            String identifier = "😀".repeat(1 + gen.random().nextInt(100)) + gen.threadX(100);
            SessionKey key = SessionKey.peer(gen.agentId(), gen.channel(), Scope.DM, gen.accountId(), identifier, null);
            String full = FileStems.escape(key.format());
            String stem = FileStems.stem(key);
            if (full.length() <= FileStems.MAX_BYTES) {
                assertThat(stem).isEqualTo(full);
                continue;
            }
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(full.getBytes(StandardCharsets.US_ASCII)), 0, 8);
            String kept = stem.substring(0, stem.length() - 17);
            assertThat(stem).as("seed %d: %s", SEED, key).hasSizeLessThanOrEqualTo(217).endsWith("~" + hash);
            assertThat(stem.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(217);
            assertThat(kept).hasSizeBetween(FileStems.MAX_BYTES - 2, FileStems.MAX_BYTES).matches("[^~]*");
            assertThat(full).startsWith(kept);
            assertThat(kept.substring(kept.length() - 2)).as("never cut inside an escape").doesNotContain("%");
        }
    }

    @Test
    void aStemOfExactly200BytesIsKeptWholeAnd201IsCut() {
        String prefix = "agent:main:slack:dm:";
        String at200 = prefix + "x".repeat(FileStems.MAX_BYTES - prefix.length());
        String at201 = at200 + "x";
        assertThat(FileStems.stem(at200)).hasSize(200).doesNotContain("~");
        assertThat(FileStems.stem(at201)).hasSize(217).startsWith(FileStems.stem(at200)).contains("~");
    }

    @Test
    void longKeysSharingTheirFirst200StemBytesGetDifferentStems() {
        String prefix = "agent:main:slack:dm:" + "x".repeat(220);
        assertThat(FileStems.stem(prefix + "a")).isNotEqualTo(FileStems.stem(prefix + "b"))
                .startsWith(FileStems.stem(prefix + "b").substring(0, 200));
    }

    @Test
    void everyStemIsAUsableFileNameInItsOwnDirectory(@TempDir Path dir) throws Exception {
        RandomKeys gen = new RandomKeys(SEED + 2);
        for (int i = 0; i < 500; i++) {
            String stem = FileStems.stem(gen.key());
            Path file = dir.resolve(stem + ".jsonl");
            assertThat(file.getParent()).isEqualTo(dir);
            assertThat(stem).isNotIn(".", "..").doesNotContain("/", "\u0000").doesNotStartWith(".");
            Files.writeString(file, stem);
            assertThat(Files.readString(dir.resolve(stem + ".jsonl"))).isEqualTo(stem);
        }
    }

    /** Inverse of the stem encoding (uncut stems only): '_' → ':', %XX → byte, UTF-8. */
    private static String decodeStem(String stem) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(stem.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c == '_' ? ':' : c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
