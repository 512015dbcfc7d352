package dev.parley.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomised round trips over generated keys. The seed is printed; rerun one with
 * {@code ./mvnw -B -ntp -pl core test -Dtest=SessionKeyRoundTripTest -Dparley.seed=<seed>}.
 */
class SessionKeyRoundTripTest {
    private static final long SEED = Long.getLong("parley.seed", System.nanoTime());
    private static final int KEYS = 10_000;

    @BeforeAll
    static void printSeed() {
        System.out.println("SessionKeyRoundTripTest seed=" + SEED);
    }

    @Test
    void randomKeysRoundTripThroughFormatAndParse() {
        RandomKeys gen = new RandomKeys(SEED);
        for (int i = 0; i < KEYS; i++) {
            Scope scope = gen.scope();
            String account = gen.accountId();
            String raw = gen.rawPeerId();
            String thread = gen.thread(scope);
            SessionKey key = SessionKey.peer(gen.agentId(), gen.channel(), scope, account, raw, thread);
            String formatted = key.format();
            SessionKey parsed = SessionKey.parse(formatted, "main");

            String expectedAccount = "default".equals(account) ? null : account;
            if (!parsed.equals(key) || !parsed.format().equals(formatted)
                    || !RandomKeys.percentDecode(key.identifier()).equals(raw)
                    || !java.util.Objects.equals(key.accountId(), expectedAccount)) {
                // Checked cheaply first: 10 000 AssertJ chains would dominate the run time.
                String where = "seed " + SEED + ", key " + i + ": " + formatted;
                assertThat(parsed).as(where).isEqualTo(key);
                assertThat(parsed.format()).as(where).isEqualTo(formatted);
                assertThat(RandomKeys.percentDecode(key.identifier())).as(where).isEqualTo(raw);
                assertThat(key.accountId()).as(where).isEqualTo(expectedAccount);
            }
        }
    }

    @Test
    void everyEquivalentSpellingOfARandomKeyParsesToTheSameKey() {
        RandomKeys gen = new RandomKeys(SEED ^ 0x5DEECE66DL);
        for (int i = 0; i < KEYS; i++) {
            SessionKey key = gen.key();
            String spelling = key.kind() == KeyKind.PEER ? noisySpelling(gen, key) : gen.randomCase("agent") + ":"
                    + gen.randomCase(key.agentId()) + ":" + gen.randomCase(key.format().split(":", 3)[2]);
            if (key.kind() == KeyKind.SUBAGENT) {
                spelling = spelling.substring(0, spelling.lastIndexOf(':') + 1) + key.subagentId();
            }
            SessionKey parsed = SessionKey.parse(spelling, "main");
            if (!parsed.equals(key)) {
                assertThat(parsed).as("seed %d, key %d: %s", SEED, i, spelling).isEqualTo(key);
            }
        }
    }

    /** Random case where §2 allows it, aliases, an explicit default account, re-encoded identifier bytes. */
    private static String noisySpelling(RandomKeys gen, SessionKey key) {
        StringBuilder out = new StringBuilder()
                .append(gen.randomCase("agent")).append(':')
                .append(gen.randomCase(key.agentId())).append(':')
                .append(gen.randomCase(key.channel())).append(':')
                .append(gen.randomCase(scopeSpelling(gen, key.scope())));
        boolean withAccount = key.accountId() != null || gen.random().nextInt(4) == 0;
        if (withAccount) {
            out.append(':').append(gen.randomCase(key.accountId() != null ? key.accountId() : "default"));
        }
        String identifier = noisyIdentifier(gen, key.identifier());
        if (withAccount && KeyParts.isThreadShaped(identifier)) {
            identifier = "%" + Integer.toHexString(identifier.charAt(0)) + identifier.substring(1);
        }
        out.append(':').append(identifier);
        if (key.thread() != null) {
            int prefix = key.thread().startsWith("topic") ? 5 : 6;
            out.append(':').append(gen.randomCase(key.thread().substring(0, prefix)))
                    .append(key.thread().substring(prefix));
        }
        return out.toString();
    }

    private static String scopeSpelling(RandomKeys gen, Scope scope) {
        boolean alias = gen.random().nextBoolean();
        return switch (scope) {
            case DM -> alias ? "direct" : "dm";
            case GROUP -> alias ? "channel" : "group";
            case THREAD -> "thread";
        };
    }

    /** Keeps escapes (in random hex case) and escapes a third of the other characters needlessly. */
    private static String noisyIdentifier(RandomKeys gen, String canonical) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < canonical.length(); ) {
            if (canonical.charAt(i) == '%') {
                out.append(gen.randomCase(canonical.substring(i, i + 3).toLowerCase()));
                i += 3;
                continue;
            }
            int cp = canonical.codePointAt(i);
            String text = new String(Character.toChars(cp));
            if (gen.random().nextInt(3) == 0) {
                for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(gen.randomCase(String.format("%02x", b & 0xFF)));
                }
            } else {
                out.append(text);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
