package dev.parley.core.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The figures printed after JMH's own table. Appends/s is JMH's count of operations completed during the
 * measurement iterations (all threads) divided by their total time; p50/p99 come from JMH's {@code SampleTime}
 * histogram (every append is sampled at these rates). Ratios: Parley/naive per append configuration, and
 * large/small fixture for the bounded operations (close to 1 means the cost does not grow with size).
 */
final class Summary {
    private static final String PKG = Summary.class.getPackageName() + ".";
    private static final List<String[]> APPEND_CONFIGS = List.of(
            new String[] {"oneSession1Appender", "1 session  x  1 appender"},
            new String[] {"oneSession16Appenders", "1 session  x 16 appenders"},
            new String[] {"oneSession64Appenders", "1 session  x 64 appenders"},
            new String[] {"sessions16OneAppenderEach", "16 sessions x 1 appender"},
            new String[] {"sessions64OneAppenderEach", "64 sessions x 1 appender"});

    private Summary() {}

    static void print(Collection<RunResult> results, PrintStream out) {
        out.println();
        out.println("== Parley benchmark summary (2 shared cores: figures are noisy; compare within one run) ==");
        appends(results, out);
        scaling(results, out, "OpenBench", "entries", "1000", "1000000", "open service + first sessions.get",
                List.of("openAndFirstGet"));
        scaling(results, out, "HistoryBench", "entries", "1000", "1000000", "sessions.history of an open session",
                List.of("last50", "last50BeforeMiddle"));
        scaling(results, out, "ListBench", "sessions", "10000", "100000", "sessions.list, first page of 100",
                List.of("firstPage", "firstPageByChannel", "firstPageByRareChannel"));
    }

    private static void appends(Collection<RunResult> results, PrintStream out) {
        if (results.stream().noneMatch(r -> simpleName(r).startsWith("AppendBench."))) {
            return;
        }
        out.println();
        out.println("Acknowledged appends, fsync=always (one message per append; closed loop per appender)");
        out.printf("%-26s | %12s %8s %8s | %12s %8s %8s | %8s %8s%n", "configuration",
                "Parley ap/s", "p50 ms", "p99 ms", "naive ap/s", "p50 ms", "p99 ms", "ratio/s", "p99 x");
        for (String[] c : APPEND_CONFIGS) {
            RunResult p = find(results, "AppendBench." + c[0], "impl", "parley");
            RunResult n = find(results, "AppendBench." + c[0], "impl", "naive");
            if (p == null && n == null) {
                continue;
            }
            String ratio = p != null && n != null ? fmt("%.2f", perSecond(p) / perSecond(n)) : "-";
            String p99 = p != null && n != null ? fmt("%.2f", percentileMs(p, 99) / percentileMs(n, 99)) : "-";
            out.printf("%-26s | %s | %s | %8s %8s%n", c[1], appendCells(p), appendCells(n), ratio, p99);
        }
        out.println("ratio/s = Parley appends/s / naive appends/s; p99 x = Parley p99 / naive p99");
    }

    private static String appendCells(RunResult r) {
        if (r == null) {
            return fmt("%12s %8s %8s", "-", "-", "-");
        }
        return fmt("%12.0f %8.2f %8.2f", perSecond(r), percentileMs(r, 50), percentileMs(r, 99));
    }

    /** Operations completed in the measurement iterations, all threads and forks, per second of measurement. */
    static double perSecond(RunResult r) {
        long ops = 0;
        long nanos = 0;
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                ops += i.getMetadata().getMeasuredOps();
                nanos += i.getParams().getTime().convertTo(TimeUnit.NANOSECONDS);
            }
        }
        return nanos == 0 ? Double.NaN : ops / (nanos / 1e9);
    }

    static double percentileMs(RunResult r, double p) {
        Result<?> primary = r.getPrimaryResult();
        return toMs(primary.getStatistics().getPercentile(p), primary.getScoreUnit());
    }

    private static double toMs(double value, String unit) {
        return switch (unit) {
            case "ns/op" -> value / 1e6;
            case "us/op" -> value / 1e3;
            case "ms/op" -> value;
            case "s/op" -> value * 1e3;
            default -> throw new IllegalStateException("unexpected unit " + unit);
        };
    }

    private static void scaling(Collection<RunResult> results, PrintStream out, String bench, String param,
                                String small, String large, String title, List<String> methods) {
        if (results.stream().noneMatch(r -> simpleName(r).startsWith(bench + "."))) {
            return;
        }
        out.println();
        out.printf("%s (mean ± 99.9%% CI, ms/op)%n", title);
        out.printf("%-26s | %22s | %22s | %8s%n", "benchmark", param + "=" + small, param + "=" + large,
                "large/small");
        for (String m : methods) {
            RunResult s = find(results, bench + "." + m, param, small);
            RunResult l = find(results, bench + "." + m, param, large);
            if (s == null && l == null) {
                continue;
            }
            String ratio = s != null && l != null ? fmt("%.2f", meanMs(l) / meanMs(s)) : "-";
            out.printf("%-26s | %22s | %22s | %8s%n", m, meanCell(s), meanCell(l), ratio);
        }
    }

    private static double meanMs(RunResult r) {
        return toMs(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit());
    }

    private static String meanCell(RunResult r) {
        if (r == null) {
            return "-";
        }
        Result<?> p = r.getPrimaryResult();
        double err = p.getScoreError();
        return Double.isNaN(err) ? fmt("%.3f", meanMs(r)) : fmt("%.3f ± %.3f", meanMs(r), toMs(err, p.getScoreUnit()));
    }

    private static RunResult find(Collection<RunResult> results, String benchmark, String param, String value) {
        for (RunResult r : results) {
            if (simpleName(r).equals(benchmark) && value.equals(r.getParams().getParam(param))) {
                return r;
            }
        }
        return null;
    }

    private static String simpleName(RunResult r) {
        String b = r.getParams().getBenchmark();
        return b.startsWith(PKG) ? b.substring(PKG.length()) : b;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
