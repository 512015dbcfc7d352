package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.ListPage;
import dev.parley.core.session.ListQuery;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SessionSummary;
import dev.parley.core.session.StoreInvariants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * at the original, no payload is stored twice, {@code seq} is dense, torn tails were cut, kept and counted, and
 * the store invariants hold afterwards.
 */
final class StoreAudit {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Bytes a test appended to a transcript to imitate a torn write. */
    record Fragment(Path transcript, byte[] bytes) {}

    /** @param entries entries read back, @param verified acknowledged entries found, @param tornCut torn tails cut */
    record Result(long entries, long verified, long repeatsVerified, long tornCut, int sessions) {}

    private StoreAudit() {
    }

    static Result audit(Path stateDir, Ledger ledger, List<Fragment> fragments) {
        List<RawTranscript> before = RawTranscript.transcripts(stateDir).stream().map(RawTranscript::read).toList();
        Set<Path> tornFilesBefore = new HashSet<>(RawTranscript.tornFiles(stateDir));
        List<RawTranscript> torn = new ArrayList<>();
        for (RawTranscript t : before) {
            assertThat(t.corrupt()).as("%s has a bad line before its last one", t.file()).isFalse();
            if (t.torn()) {
                torn.add(t);
            }
        }
        Map<String, Ledger.Where> found = new HashMap<>();
        long entries = 0;
        int sessions;
        try (SessionService service = SessionService.open(SessionOptions.defaults(stateDir))) {
            Set<String> keys = listAll(service);
            for (Ledger.Where w : ledger.acked().values()) {
                assertThat(keys).as("sessions.list").contains(w.key());
            }
            for (String key : keys) {
                List<ObjectNode> history = wholeHistory(service, key);
                for (int i = 0; i < history.size(); i++) {
                    ObjectNode e = history.get(i);
                    assertThat(e.get("seq").asLong()).as("dense seq in %s", key).isEqualTo(i + 1L);
                    String id = Payloads.idOf(e);
                    if (id != null) {
                        Ledger.Where prev = found.put(id, new Ledger.Where(key, e.get("seq").asLong()));
                        assertThat(prev).as("payload %s stored twice (second at %s seq %s)", id, key,
                                e.get("seq")).isNull();
                    }
                }
                ObjectNode meta = service.get(key).await().atMost(WAIT);
                assertThat(meta.get("lastSeq").asLong()).as("lastSeq of %s", key).isEqualTo(history.size());
                entries += history.size();
            }
            sessions = keys.size();
            assertThat(service.stats().tornTails.sum()).as("torn tails counted, expected in %s", torn.stream()
                    .map(RawTranscript::file).toList()).isEqualTo(torn.size());
        }
        StoreInvariants.check(stateDir);
        for (Map.Entry<String, Ledger.Where> a : ledger.acked().entrySet()) {
            assertThat(found.get(a.getKey())).as("acknowledged entry %s", a.getKey()).isEqualTo(a.getValue());
        }
        for (Ledger.Repeat r : ledger.repeats()) {
            assertThat(r.duplicate()).as("repeat of %s reported as duplicate", r.id()).isTrue();
            assertThat(found.get(r.id())).as("repeat of %s points at the original", r.id())
                    .isEqualTo(new Ledger.Where(r.key(), r.lastSeq()));
        }
        List<Path> newTornFiles = RawTranscript.tornFiles(stateDir).stream()
                .filter(p -> !tornFilesBefore.contains(p)).toList();
        for (RawTranscript t : torn) {
            assertThat(newTornFiles).as("the torn tail of %s is kept", t.file())
                    .anyMatch(p -> p.getFileName().toString().startsWith(t.file().getFileName() + ".torn-")
                            && java.util.Arrays.equals(read(p), t.tornBytes()));
        }
        List<Path> allTornFiles = RawTranscript.tornFiles(stateDir);
        for (Fragment f : fragments) {
            assertThat(allTornFiles).as("an injected torn tail of %s is kept", f.transcript())
                    .anyMatch(p -> p.getFileName().toString().startsWith(f.transcript().getFileName() + ".torn-")
                            && RawTranscript.endsWith(read(p), f.bytes()));
        }
        return new Result(entries, ledger.acked().size(), ledger.repeats().size(), torn.size(), sessions);
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
        Deque<List<ObjectNode>> pages = new ArrayDeque<>();
        Long beforeSeq = null;
        while (true) {
            HistoryPage page = service.history(key, 1000, beforeSeq, false).await().atMost(WAIT);
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
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
