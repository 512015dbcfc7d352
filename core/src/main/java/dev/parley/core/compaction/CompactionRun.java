package dev.parley.core.compaction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.Trim;
import dev.parley.compaction.spi.Turn;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One compaction, off the lane: call the plugin, validate its result, apply the safeguard retry, then hand the
 * {@code compact} entry to the lane. Any failure completes exceptionally with {@code COMPACTION_FAILED} naming
 * the plugin; nothing is written then.
 */
final class CompactionRun {
    private final CompactionEngine engine;
    private final SessionKey key;
    private final String strategy;
    private final CompactionReason reason;
    private final String instructions;
    private final CompactionEngine.Snapshot snap;

    CompactionRun(CompactionEngine engine, SessionKey key, String strategy, CompactionReason reason,
                  String instructions, CompactionEngine.Snapshot snap) {
        this.engine = engine;
        this.key = key;
        this.strategy = strategy;
        this.reason = reason;
        this.instructions = instructions;
        this.snap = snap;
    }

    CompletableFuture<CompactOutcome> run() {
        String plugin = engine.plugins().describe("compactor", strategy);
        return attempt(snap.turns(), null)
                .exceptionallyCompose(first -> safeguard(first))
                .thenCompose(this::applyOnLane)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        Throwable c = CompactionEngine.unwrap(e);
                        String why = c instanceof dev.parley.core.error.ParleyException p
                                ? String.valueOf(p.data().getOrDefault("reason", p.getMessage())) : String.valueOf(c.getMessage());
                        engine.listener().failed(key.format(), plugin, why);
                    } else if (r.compacted()) {
                        engine.listener().compacted(key.format(), strategy, r);
                    }
                });
    }

    private record Attempt(CompactionResult result, List<Turn> turns, String safeguardNote) {}

    private CompletableFuture<Attempt> attempt(List<Turn> turns, String safeguardNote) {
        CompletableFuture<CompactionResult> call;
        try {
            CompactionRequest req = engine.request(key, snap, turns, strategy, reason, instructions);
            call = engine.plugins().compactor(strategy, key.agentId()).compact(req).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((result, error) -> {
            if (error != null) {
                Throwable cause = CompactionEngine.unwrap(error);
                dev.parley.core.compaction.registry.PluginFailedException pf = null;
                for (Throwable c = cause; c != null && c != c.getCause(); c = c.getCause()) {
                    if (c instanceof dev.parley.core.compaction.registry.PluginFailedException p) {
                        pf = p;
                    }
                }
                if (pf != null) {
                    // the innermost plugin that failed (e.g. the summariser inside auto), in its own words
                    throw CompactionEngine.failed(pf.plugin() + " (" + pf.source() + ")", pf.reason());
                }
                throw CompactionEngine.failed(engine.plugins().describe("compactor", strategy),
                        String.valueOf(cause.getMessage()));
            }
            validate(result, turns);
            return new Attempt(result, turns, safeguardNote);
        });
    }

    /** SPEC §6 safeguard: drop undelivered messages from the summarised part, note them, retry once. */
    private CompletableFuture<Attempt> safeguard(Throwable first) {
        Throwable cause = CompactionEngine.unwrap(first);
        if (!engine.config(key.agentId()).safeguard()) {
            return CompletableFuture.failedFuture(cause);
        }
        int keep = engine.config(key.agentId()).keepRecentTurns();
        List<Turn> turns = snap.turns();
        int summarised = Math.max(0, turns.size() - keep);
        List<Turn> pruned = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (i >= summarised) {
                pruned.add(new Turn(pruned.size(), t.entries()));
                continue;
            }
            List<Entry> kept = new ArrayList<>();
            for (Entry e : t.entries()) {
                if (e.delivered()) {
                    kept.add(e);
                } else {
                    dropped.add(e.text().length() > 60 ? e.text().substring(0, 60) + "…" : e.text());
                }
            }
            if (!kept.isEmpty()) {
                pruned.add(new Turn(pruned.size(), kept));
            }
        }
        if (dropped.isEmpty()) {
            return CompletableFuture.failedFuture(cause);
        }
        String note = dropped.size() + " undelivered message(s) omitted, e.g. \"" + dropped.get(0) + "\".";
        return attempt(pruned, note);
    }

    /** The engine's checks of SPEC §6 on a plugin's result; throws COMPACTION_FAILED. */
    private void validate(CompactionResult result, List<Turn> turns) {
        String plugin = engine.plugins().describe("compactor", strategy);
        if (result == null) {
            throw CompactionEngine.failed(plugin, "returned no result");
        }
        if (!(result instanceof CompactionResult.Changed c)) {
            return;
        }
        int keep = engine.config(key.agentId()).keepRecentTurns();
        Set<Long> starts = new HashSet<>();
        turns.forEach(t -> starts.add(t.firstSeq()));
        if (!turns.isEmpty() && !starts.contains(c.firstKeptSeq())) {
            throw CompactionEngine.failed(plugin, "firstKeptSeq " + c.firstKeptSeq() + " does not start a turn");
        }
        if (turns.size() > keep) {
            long firstRecent = turns.get(turns.size() - Math.max(keep, 0)).firstSeq();
            if (keep > 0 && c.firstKeptSeq() > firstRecent) {
                throw CompactionEngine.failed(plugin, "touched the last " + keep + " turns");
            }
            for (Trim t : c.trims()) {
                if (keep > 0 && t.seq() >= firstRecent) {
                    throw CompactionEngine.failed(plugin, "trimmed inside the last " + keep + " turns");
                }
            }
        }
        if (c.tokensAfter() > c.tokensBefore()) {
            throw CompactionEngine.failed(plugin, "returned more tokens (" + c.tokensAfter() + ") than it got ("
                    + c.tokensBefore() + ")");
        }
        String previous = snap.previous() == null ? "" : snap.previous().text();
        if (!c.summary().equals(previous) || engine.summarising(strategy) && !strategy.equals("prune")
                && c.summary().isBlank()) {
            if (c.summary().isBlank()) {
                throw CompactionEngine.failed(plugin, "returned an empty summary");
            }
            List<Turn> summarised = turns.stream().filter(t -> t.firstSeq() < c.firstKeptSeq()).toList();
            QualityGate.Verdict v = QualityGate.check(c.summary(), summarised);
            if (!v.passed()) {
                throw CompactionEngine.failed(plugin, v.reason());
            }
        }
    }

    private CompletableFuture<CompactOutcome> applyOnLane(Attempt a) {
        if (!(a.result() instanceof CompactionResult.Changed c)) {
            String notice = ((CompactionResult.Unchanged) a.result()).notice();
            return CompletableFuture.completedFuture(CompactOutcome.notCompacted(notice, strategy));
        }
        ObjectNode entry = entry(c, a);
        CompactOutcome outcome = new CompactOutcome(true, c.turnsRemoved(), c.tokensBefore(), c.tokensAfter(), null,
                strategy);
        return engine.lanes().onLane(key, () -> engine.apply(key, snap, entry, outcome)).thenCompose(f -> f);
    }

    private ObjectNode entry(CompactionResult.Changed c, Attempt a) {
        ObjectNode e = Json.object();
        e.put("type", "compact");
        e.put("reason", reason.wire());
        e.put("strategy", strategy);
        e.put("turns_removed", c.turnsRemoved());
        e.put("firstKeptSeq", c.firstKeptSeq());
        e.put("tokensBefore", c.tokensBefore());
        e.put("tokensAfter", c.tokensAfter());
        e.put("summary", c.summary());
        ArrayNode chunks = e.putArray("summaryChunks");
        c.summaryChunks().forEach(chunks::add);
        ArrayNode trims = e.putArray("trims");
        for (Trim t : c.trims()) {
            trims.addObject().put("seq", t.seq()).put("blockIndex", t.blockIndex()).put("headChars", t.headChars())
                    .put("tailChars", t.tailChars());
        }
        String note = c.note() == null ? "" : c.note();
        if (a.safeguardNote() != null) {
            note = (note.isEmpty() ? "" : note + " ") + "Safeguard: " + a.safeguardNote();
        }
        String previous = snap.previous() == null ? "" : snap.previous().text();
        if (!c.summary().equals(previous)) {
            List<Turn> summarised = a.turns().stream().filter(t -> t.firstSeq() < c.firstKeptSeq()).toList();
            String gate = QualityGate.check(c.summary(), summarised).note();
            note = note.contains("identifiers") ? note : (note.isEmpty() ? gate : note + "; " + gate);
        }
        e.put("note", note);
        return e;
    }
}
