package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.ListPage;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SessionSummary;
import dev.parley.core.session.StoreInvariants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens a crashed state dir in this JVM (the child is dead, so its OS lock is gone) and checks it against what
 * was acknowledged: every acknowledged entry is there at its acknowledged seq, every acknowledged repeat pointed
 * at the original, no payload is stored twice, {@code seq} is dense, the active history and the metadata's
 * counters agree with the transcript, torn tails were cut, kept and counted, and the store invariants hold
 * afterwards.
 */
final class StoreAudit {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Bytes a test appended to a transcript to imitate a torn write. */
    record Fragment(Path transcript, byte[] bytes) {}

    /** @param entries entries read back, @param verified acknowledged entries found, @param tornCut torn tails cut */
    record Result(long entries, long resets, long verified, long repeatsVerified, long tornCut, int sessions) {}

    private record Counts(long entries, long resets) {}

    private StoreAudit() {
    }

    static Result audit(Path stateDir, Ledger ledger, List<Fragment> fragments) {
        List<RawTranscript> torn = tornTranscripts(stateDir);
        Set<Path> tornFilesBefore = new HashSet<>(RawTranscript.tornFiles(stateDir));
        Map<String, Ledger.Where> found = new HashMap<>();
        Counts counts;
        int sessions;
        try (SessionService service = SessionService.open(SessionOptions.defaults(stateDir))) {
            Set<String> keys = listAll(service);
            counts = readBack(service, keys, found);
            sessions = keys.size();
            assertThat(service.stats().tornTails.sum()).as("torn tails counted, expected in %s", torn.stream()
                    .map(RawTranscript::file).toList()).isEqualTo(torn.size());
        }
        StoreInvariants.check(stateDir);
        checkAcknowledged(ledger, found);
        checkTornBytesKept(stateDir, torn, tornFilesBefore, fragments);
        return new Result(counts.entries(), counts.resets(), ledger.acked().size(), ledger.repeats().size(),
                torn.size(), sessions);
    }

    /** The transcripts that end in bytes recovery must cut (none may be corrupt elsewhere: a crash tears only the end). */
    private static List<RawTranscript> tornTranscripts(Path stateDir) {
        List<RawTranscript> torn = new ArrayList<>();
        for (Path f : RawTranscript.transcripts(stateDir)) {
            RawTranscript t = RawTranscript.read(f);
            assertThat(t.corrupt()).as("%s has a bad line before its last one", f).isFalse();
            if (t.torn()) {
                torn.add(t);
            }
        }
        return torn;
    }

    /** Reads every session's whole transcript; records where each payload is; checks dense seqs and metadata. */
    private static Counts readBack(SessionService service, Set<String> keys, Map<String, Ledger.Where> found) {
        long entries = 0;
        long resets = 0;
        for (String key : keys) {
            List<ObjectNode> history = wholeHistory(service, key, true);
            for (int i = 0; i < history.size(); i++) {
                long seq = history.get(i).get("seq").asLong();
                if (seq != i + 1L) {
                    fail("seq of %s is not dense: entry %d has seq %d", key, i + 1, seq);
                }
                String id = Payloads.idOf(history.get(i));
                Ledger.Where prev = id == null ? null : found.put(id, new Ledger.Where(key, seq));
                if (prev != null) {
                    fail("payload %s stored twice: %s and %s seq %d", id, prev, key, seq);
                }
            }
            resets += checkActiveHistory(service, key, history);
            entries += history.size();
        }
        return new Counts(entries, resets);
    }

    /**
     * The active history starts at the last reset (or after the header), and the metadata — rebuilt or scanned
     * past {@code flushedLength} after the crash — agrees: {@code lastSeq}, {@code messageCount},
     * {@code contextStartSeq}.
     */
    private static long checkActiveHistory(SessionService service, String key, List<ObjectNode> whole) {
        long start = 1;
        long resets = 0;
        for (ObjectNode e : whole) {
            if (e.get("type").asText().equals("reset")) {
                start = e.get("seq").asLong();
                resets++;
            }
        }
        List<ObjectNode> active = whole.subList((int) start - 1, whole.size());
        assertThat(wholeHistory(service, key, false)).as("active history of %s", key).isEqualTo(active);
        long messages = active.stream().filter(e -> e.path("message").path("role").asText().matches("user|assistant"))
                .count();
        ObjectNode meta = service.get(key).await().atMost(WAIT);
        assertThat(meta.get("lastSeq").asLong()).as("lastSeq of %s", key).isEqualTo(whole.size());
        assertThat(meta.get("messageCount").asLong()).as("messageCount of %s", key).isEqualTo(messages);
        assertThat(meta.get("contextStartSeq").asLong()).as("contextStartSeq of %s", key).isEqualTo(start);
        return resets;
    }

    private static void checkAcknowledged(Ledger ledger, Map<String, Ledger.Where> found) {
        for (Map.Entry<String, Ledger.Where> a : ledger.acked().entrySet()) {
            if (!a.getValue().equals(found.get(a.getKey()))) {
                fail("acknowledged entry %s was acknowledged at %s but is stored at %s", a.getKey(), a.getValue(),
                        found.get(a.getKey()));
            }
        }
        for (Ledger.Repeat r : ledger.repeats()) {
            assertThat(r.duplicate()).as("repeat of %s reported as duplicate", r.id()).isTrue();
            assertThat(found.get(r.id())).as("repeat of %s points at the original", r.id())
                    .isEqualTo(new Ledger.Where(r.key(), r.lastSeq()));
        }
    }

    /** Each torn tail cut by this audit, and each fragment injected so far, is kept in a {@code .torn-<ms>} file. */
    private static void checkTornBytesKept(Path stateDir, List<RawTranscript> torn, Set<Path> tornFilesBefore,
                                           List<Fragment> fragments) {
        List<Path> all = RawTranscript.tornFiles(stateDir);
        List<Path> fresh = all.stream().filter(p -> !tornFilesBefore.contains(p)).toList();
        for (RawTranscript t : torn) {
            assertThat(fresh).as("the torn tail of %s is kept", t.file())
                    .anyMatch(p -> tornCopyOf(p, t.file()) && Arrays.equals(read(p), t.tornBytes()));
        }
        for (Fragment f : fragments) {
            assertThat(all).as("an injected torn tail of %s is kept", f.transcript())
                    .anyMatch(p -> tornCopyOf(p, f.transcript()) && RawTranscript.endsWith(read(p), f.bytes()));
        }
    }

    private static boolean tornCopyOf(Path torn, Path transcript) {
        return torn.getFileName().toString().startsWith(transcript.getFileName() + ".torn-");
    }

    static Set<String> listAll(SessionService service) {
        Set<String> keys = new LinkedHashSet<>();
        String cursor = null;
        do {
            ListPage page = service.list(new ListQuery(null, null, null, "all", null, 1000, cursor)).await().atMost(WAIT);
            page.sessions().stream().map(SessionSummary::sessionKey).forEach(keys::add);
            cursor = page.nextCursor();
        } while (cursor != null);
        return keys;
    }

    /** The whole active history, paged backwards with {@code beforeSeq}. */
    static List<ObjectNode> wholeHistory(SessionService service, String key) {
        return wholeHistory(service, key, false);
    }

    /** The whole active history, or with {@code includeArchived} the whole transcript but its header. */
    static List<ObjectNode> wholeHistory(SessionService service, String key, boolean includeArchived) {
        Deque<List<ObjectNode>> pages = new ArrayDeque<>();
        Long beforeSeq = null;
        while (true) {
            HistoryPage page = service.history(key, 1000, beforeSeq, includeArchived).await().atMost(WAIT);
            pages.push(page.entries());
            if (!page.hasMore() || page.entries().isEmpty()) {
                break;
            }
            beforeSeq = page.entries().get(0).get("seq").asLong();
        }
        List<ObjectNode> out = new ArrayList<>();
        pages.forEach(out::addAll);
        return out;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
