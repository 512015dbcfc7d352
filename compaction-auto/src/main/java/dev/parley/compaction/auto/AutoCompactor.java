package dev.parley.compaction.auto;

import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The {@code auto} compactor — the seed's process: select all turns but the recent ones, summarise them with the
 * session's summariser (folding in the previous summary), chunk the summary, propose one {@code compact} entry.
 *
 * <p>Design notes. Stateless apart from its configuration, so one instance serves every session concurrently.
 * Input chunking: when the selected turns do not fit one call, they are cut into chunks of whole units
 * ({@link InputChunker}) and summarised strictly in order, call i getting call i−1's summary as its previous
 * summary, so a history far larger than the window compacts with bounded calls (each input at most one chunk
 * plus one summary). Each call's {@code mustKeep} holds the required items seen so far, so early partial
 * summaries carry them to the end. The summariser's stages may complete on any thread; nothing here blocks.
 * At least the newest turn is always kept: {@code firstKeptSeq} must start a turn of the request.
 */
final class AutoCompactor implements Compactor {
    /** Chunks never get smaller than this, however small the window. */
    static final int MIN_CHUNK_TOKENS = 256;
    private static final int MIN_SUMMARY_TOKENS = 32;

    private final double inputChunkRatio;
    private final double minChunkRatio;
    private final int outputChunkTokens;

    AutoCompactor(double inputChunkRatio, double minChunkRatio, int outputChunkTokens) {
        this.inputChunkRatio = inputChunkRatio;
        this.minChunkRatio = minChunkRatio;
        this.outputChunkTokens = outputChunkTokens;
    }

    @Override
    public CompletionStage<CompactionResult> compact(CompactionRequest request) {
        try {
            return run(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new CompactionException("auto compactor failed: " + e, e));
        }
    }

    private CompletionStage<CompactionResult> run(CompactionRequest r) {
        List<Turn> turns = r.turns();
        if (turns.isEmpty()) {
            return done(new CompactionResult.Unchanged("nothing to compact: the history is empty"));
        }
        int keep = Math.max(1, Math.min(r.settings().keepRecentTurns(), turns.size()));
        int cut = turns.size() - keep;
        if (cut <= 0) {
            return done(new CompactionResult.Unchanged("nothing to compact: all " + turns.size()
                    + " turns are within the last " + keep + " kept verbatim"));
        }
        List<Turn> old = turns.subList(0, cut);
        TokenEstimator est = r.estimator();
        String previous = r.previousSummary() == null ? null : r.previousSummary().text();
        int before = (previous == null ? 0 : est.estimate(previous)) + r.historyTokens();
        SystemBlock system = SystemBlock.of(previous, old);
        int maxTokens = Math.max(MIN_SUMMARY_TOKENS, r.settings().summaryMaxTokens() - est.estimate(system.block));
        MustKeep must = MustKeep.of(old);
        int chunkTokens = chunkTokens(old, r.availableForHistory());
        List<TranscriptText.Unit> units = TranscriptText.units(old, chunkTokens);
        List<String> chunks = r.settings().adaptiveChunking()
                ? new InputChunker(chunkTokens, est).chunks(units)
                : units.isEmpty() ? List.of() : List.of(join(units));
        List<List<String>> mustKeep = mustKeepPerChunk(must, chunks);

        CompletableFuture<String> summary = CompletableFuture.completedFuture(system.previousRest);
        for (int i = 0; i < chunks.size(); i++) {
            SummaryCall call = new SummaryCall(r, i, chunks.size());
            String text = chunks.get(i);
            List<String> keepItems = mustKeep.get(i);
            summary = summary.thenCompose(partial -> call.run(new SummaryRequest(text, partial,
                    r.settings().instructions(), maxTokens, keepItems)));
        }
        int calls = chunks.size();
        int keptTokens = r.historyTokens() - old.stream().mapToInt(Turn::tokens).sum();
        int limit = Math.min(r.settings().summaryMaxTokens(), before - keptTokens);
        return summary.thenCompose(s -> shrinkIfOver(r, system, s == null ? "" : s, maxTokens, limit, must))
                .thenApply(s -> result(r, system, s, cut, before, must, calls));
    }

    /** SPEC §6 ratio: 0.4 of the budget, lowered towards 0.15 when one message is a large share of it. */
    int chunkTokens(List<Turn> summarised, int available) {
        long tokens = 0;
        int entries = 0;
        for (Turn t : summarised) {
            tokens += t.tokens();
            entries += t.entries().size();
        }
        double avgShare = 1.2 * tokens / Math.max(1, entries) / Math.max(1, available); // 20% safety margin
        double ratio = inputChunkRatio;
        if (avgShare > 0.1) {
            ratio = Math.max(minChunkRatio, inputChunkRatio - Math.min(2 * avgShare, inputChunkRatio - minChunkRatio));
        }
        return (int) Math.max(MIN_CHUNK_TOKENS, Math.floor(ratio * available));
    }

    /** Call i must keep the required items that appeared in chunks 0..i. */
    static List<List<String>> mustKeepPerChunk(MustKeep must, List<String> chunks) {
        List<String> items = must.items();
        List<List<String>> out = new ArrayList<>();
        if (chunks.size() <= 1) {
            chunks.forEach(c -> out.add(items));
            return out;
        }
        int[] first = new int[items.size()];
        List<Set<String>> ids = new ArrayList<>();
        chunks.forEach(c -> ids.add(Identifiers.find(c)));
        for (int k = 0; k < items.size(); k++) {
            String item = items.get(k);
            first[k] = chunks.size() - 1;
            boolean phrase = item.chars().anyMatch(Character::isWhitespace);
            for (int i = phrase ? chunks.size() - 1 : 0; phrase ? i >= 0 : i < chunks.size(); i += phrase ? -1 : 1) {
                if (phrase ? chunks.get(i).contains(item) : ids.get(i).contains(item)) {
                    first[k] = i;
                    break;
                }
            }
        }
        for (int i = 0; i < chunks.size(); i++) {
            List<String> upTo = new ArrayList<>();
            for (int k = 0; k < items.size(); k++) {
                if (first[k] <= i) {
                    upTo.add(items.get(k));
                }
            }
            out.add(List.copyOf(upTo));
        }
        return out;
    }

    /**
     * A summary over {@code limit} by the session's estimator — over {@code summaryMaxTokens}, or larger than what
     * it replaces — gets one more call to condense it; {@link #result} fails the compaction if it is still too big.
     */
    private static CompletionStage<String> shrinkIfOver(CompactionRequest r, SystemBlock system, String summary,
                                                        int maxTokens, int limit, MustKeep must) {
        int size = r.estimator().estimate(system.prepend(summary));
        if (size <= limit || summary.isBlank()) {
            return CompletableFuture.completedFuture(summary);
        }
        int smaller = Math.max(MIN_SUMMARY_TOKENS, (int) (maxTokens * 0.9 * Math.max(0, limit) / size));
        return new SummaryCall(r, 0, 0).run(new SummaryRequest("", summary, r.settings().instructions(), smaller,
                must.items()));
    }

    private CompactionResult result(CompactionRequest r, SystemBlock system, String summary, int cut, int before,
                                    MustKeep must, int calls) {
        String text = summary.isBlank() && system.block.isEmpty()
                ? "(the " + cut + " earlier turns held no text to summarise)" : system.prepend(summary);
        String full = SummaryChunks.normalise(text);
        List<Turn> kept = r.turns().subList(cut, r.turns().size());
        int after = r.estimator().estimate(full) + kept.stream().mapToInt(Turn::tokens).sum();
        if (after > before) {
            throw new CompletionException(new CompactionException("the summary (" + r.estimator().estimate(full)
                    + " tokens) would leave " + after + " tokens, more than the " + before + " before compaction"));
        }
        List<String> chunks = r.settings().adaptiveChunking()
                ? SummaryChunks.split(full, outputChunkTokens, r.estimator()) : List.of(full);
        String note = must.note(full) + "; " + cut + " turns summarised in " + calls + " summariser call"
                + (calls == 1 ? "" : "s");
        return new CompactionResult.Changed(full, chunks, kept.get(0).firstSeq(), cut, before, after, List.of(), note);
    }

    private static String join(List<TranscriptText.Unit> units) {
        StringBuilder sb = new StringBuilder();
        for (TranscriptText.Unit u : units) {
            sb.append(sb.length() > 0 ? "\n\n" : "").append(u.text());
        }
        return sb.toString();
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
