package dev.parley.compaction.auto;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.Turn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark harness (not a test): {@code ./mvnw -B -ntp -Pbench -pl compaction-auto -am -DskipTests verify}.
 * Prints (1) compaction time of {@code auto} + {@code extractive} for 50k, 200k and 1M-token histories and
 * (2) estimation throughput of {@code heuristic} vs {@code tiktoken} and their disagreement on a generated
 * mixed English/code/CJK corpus. A plain harness rather than JMH: each measured operation takes milliseconds
 * to seconds, so a few warm-up rounds and the median of several runs are enough; figures go to BENCHMARKS.md.
 *
 * <p>{@code heuristic} is the core's built-in rule (≈ chars/4, CJK characters whole tokens); the core does not
 * offer it through ServiceLoader yet, so the same rule is used from this module ({@link Tokens}).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        System.out.printf("java %s, %d cpus, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        compaction();
        estimation();
    }

    static void compaction() throws Exception {
        System.out.println("\n== auto + extractive compaction (budget 100000, summary <= 4000, keep 10 turns) ==");
        System.out.println("history tokens | turns  | calls | tokens after | median ms | min ms | MB/s");
        Compactor auto = new AutoCompactorProvider().create(Map.of());
        for (int size : new int[] {50_000, 200_000, 1_000_000}) {
            Random r = new Random(size);
            Talk talk = new Talk().user("We decided to archive invoices in s3://ledger-archive/2025.").assistant("Ok.");
            while (talk.tokens() < size) {
                Synthetic.filler(talk, r, 20);
            }
            List<Turn> turns = talk.turns();
            long chars = 0;
            for (Turn t : turns) {
                for (var e : t.entries()) {
                    chars += e.text().length();
                    for (var res : e.toolResults()) {
                        chars += res.content().length();
                    }
                }
            }
            int runs = size >= 1_000_000 ? 5 : 9;
            long[] ms = new long[runs];
            CompactionResult.Changed last = null;
            int calls = 0;
            for (int i = -2; i < runs; i++) {
                RecordingSummarizer s = RecordingSummarizer.extractive();
                long t0 = System.nanoTime();
                last = (CompactionResult.Changed) auto.compact(Talk.request(turns, 100_000, Talk.settings(10, 4_000),
                        null, s)).toCompletableFuture().get();
                long t = (System.nanoTime() - t0) / 1_000_000;
                if (i >= 0) {
                    ms[i] = t;
                }
                calls = s.requests.size();
            }
            Arrays.sort(ms);
            long median = ms[runs / 2];
            System.out.printf("%14d | %6d | %5d | %12d | %9d | %6d | %.1f%n", last.tokensBefore(), turns.size(), calls,
                    last.tokensAfter(), median, ms[0], chars / 1e6 / (median / 1000.0));
        }
    }

    static void estimation() {
        List<String[]> corpus = corpus(new Random(42)); // {kind, text}
        long bytes = corpus.stream().mapToLong(d -> d[1].getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf("%n== token estimation: %d documents, %.1f MB UTF-8 (English, code, CJK, mixed) ==%n",
                corpus.size(), bytes / 1e6);
        TokenEstimator heuristic = Tokens::estimate;
        TokenEstimator cl100k = new TiktokenEstimatorProvider().create(Map.of("encoding", "cl100k_base"));
        TokenEstimator o200k = new TiktokenEstimatorProvider().create(Map.of("encoding", "o200k_base"));
        System.out.println("estimator           | MB/s");
        for (Object[] e : new Object[][] {{"heuristic", heuristic}, {"tiktoken cl100k", cl100k},
            {"tiktoken o200k", o200k}}) {
            System.out.printf("%-19s | %.1f%n", e[0], throughput((TokenEstimator) e[1], corpus, bytes));
        }
        System.out.println("\nheuristic vs tiktoken, relative error |h - t| / t per document (signed mean: + = over)");
        System.out.println("kind    | vs      | mean abs | p95 abs | signed mean");
        for (String kind : new String[] {"english", "code", "cjk", "mixed", "all"}) {
            for (Object[] e : new Object[][] {{"cl100k", cl100k}, {"o200k", o200k}}) {
                List<Double> errs = new ArrayList<>();
                double signed = 0;
                for (String[] d : corpus) {
                    if (kind.equals("all") || d[0].equals(kind)) {
                        double t = ((TokenEstimator) e[1]).estimate(d[1]);
                        double h = heuristic.estimate(d[1]);
                        errs.add(Math.abs(h - t) / t);
                        signed += (h - t) / t;
                    }
                }
                errs.sort(Double::compare);
                double mean = errs.stream().mapToDouble(x -> x).average().orElse(0);
                System.out.printf("%-7s | %-7s | %7.1f%% | %6.1f%% | %+10.1f%%%n", kind, e[0], 100 * mean,
                        100 * errs.get((int) Math.ceil(0.95 * errs.size()) - 1), 100 * signed / errs.size());
            }
        }
    }

    private static double throughput(TokenEstimator estimator, List<String[]> corpus, long bytes) {
        long sink = 0;
        for (int w = 0; w < 3; w++) { // warm-up
            for (String[] d : corpus) {
                sink += estimator.estimate(d[1]);
            }
        }
        long t0 = System.nanoTime();
        int passes = 0;
        do {
            for (String[] d : corpus) {
                sink += estimator.estimate(d[1]);
            }
            passes++;
        } while (System.nanoTime() - t0 < 2_000_000_000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the loop from being optimised away
        }
        return bytes * passes / 1e6 / seconds;
    }

    /** 400 documents of 1–16 KB: English prose, Java-like code, Chinese/Japanese text, and mixes of the three. */
    static List<String[]> corpus(Random r) {
        List<String[]> docs = new ArrayList<>();
        String[] kinds = {"english", "code", "cjk", "mixed"};
        for (int i = 0; i < 400; i++) {
            String kind = kinds[i % 4];
            int target = 1_000 + r.nextInt(15_000);
            StringBuilder sb = new StringBuilder();
            while (sb.length() < target) {
                switch (kind.equals("mixed") ? kinds[r.nextInt(3)] : kind) {
                    case "english" -> sb.append(Synthetic.assistantText(r)).append("\n\n");
                    case "code" -> sb.append(code(r));
                    default -> sb.append(cjk(r));
                }
            }
            docs.add(new String[] {kind, sb.toString()});
        }
        return docs;
    }

    private static String code(Random r) {
        String name = "value" + r.nextInt(100);
        return "    public int compute" + r.nextInt(1000) + "(List<String> items, int limit) {\n"
                + "        int " + name + " = 0;\n"
                + "        for (String item : items) {\n"
                + "            if (item.length() > limit && !item.startsWith(\"#\")) {\n"
                + "                " + name + " += item.hashCode() % " + (7 + r.nextInt(90)) + ";\n"
                + "            }\n        }\n"
                + "        return Math.max(" + name + ", 0); // see JIRA-" + r.nextInt(9000) + "\n    }\n\n";
    }

    private static final String CJK = "我们决定使用新的数据库服务器因为旧的太慢了今天明天会议时间项目进度问题需要解决"
            + "お誕生日おめでとうございますこれは日本語の文章ですシステムの設定を変更しました한국어문장도포함됩니다";

    private static String cjk(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 20 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            sb.append(CJK.charAt(r.nextInt(CJK.length())));
        }
        return sb.append(r.nextBoolean() ? "。" : "，").append(r.nextInt(5) == 0 ? "\n" : "").toString();
    }
}
