package dev.parley.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The kill-9 loop behind {@link CrashRecoveryIT} and {@link CrashLoopSlowIT}. Each cycle starts a
 * {@link CrashAppender} child on the same state dir (which keeps growing), kills it with SIGKILL at a seeded
 * random moment — mostly while it appends, sometimes while it is still starting and recovering — and audits the
 * store in this JVM ({@link StoreAudit}). Some cycles first append a torn fragment to a transcript (a partial line,
 * zero bytes, or an unparsable last line), before the child starts or before the audit, so recovery has tails to
 * cut, possibly while being killed itself.
 *
 * <p>System properties: {@code parley.crash.seed} replays a run; {@code parley.crash.cycles} overrides the count.
 */
final class CrashLoop {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    /** Figures of a finished run. */
    record Totals(long seed, int cycles, long acknowledgedAppends, long acknowledgedEntries, long repeats,
                  long newKeys, long fragments, long tornCut, long entriesInStore, long resetsInStore,
                  long entryChecks, int killedBeforeReady, Duration took) {
        @Override
        public String toString() {
            return "crash loop seed=" + seed + " cycles=" + cycles + " acknowledged appends=" + acknowledgedAppends
                    + " acknowledged entries=" + acknowledgedEntries + " (checked " + entryChecks
                    + " times in all) repeats=" + repeats + " new keys=" + newKeys + " injected torn fragments="
                    + fragments + " torn tails cut by audits=" + tornCut + " entries in store=" + entriesInStore
                    + " (resets " + resetsInStore + ")"
                    + " kills before READY=" + killedBeforeReady + " took=" + took.toMillis() + " ms";
        }
    }

    private final Path stateDir;
    private final Path log;
    private final long seed;
    private final Random rnd;
    private final Ledger ledger = new Ledger();
    private final List<StoreAudit.Fragment> fragments = new ArrayList<>();

    CrashLoop(Path workDir, long seed) {
        this.stateDir = workDir.resolve("state");
        this.log = workDir.resolve("children.log");
        this.seed = seed;
        this.rnd = new Random(seed);
    }

    static long seed() {
        String s = System.getProperty("parley.crash.seed");
        return s == null || s.isBlank() ? System.nanoTime() : Long.parseLong(s.trim());
    }

    static int cycles(int byDefault) {
        String s = System.getProperty("parley.crash.cycles");
        return s == null || s.isBlank() ? byDefault : Integer.parseInt(s.trim());
    }

    Totals run(int cycles) throws IOException, InterruptedException {
        System.out.println("crash loop: seed " + seed + " (replay with -Dparley.crash.seed=" + seed + "), "
                + cycles + " cycles, state dir " + stateDir);
        long t0 = System.nanoTime();
        long repeats = 0;
        long newKeys = 0;
        long tornCut = 0;
        long entryChecks = 0;
        long stored = 0;
        long resets = 0;
        int earlyKills = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            if (rnd.nextInt(100) < 12) {
                injectFragment(cycle);
            }
            Cycle c = runChild(cycle);
            earlyKills += c.beforeReady ? 1 : 0;
            if (rnd.nextInt(100) < 12) {
                injectFragment(cycle);
            }
            StoreAudit.Result r;
            try {
                r = StoreAudit.audit(stateDir, ledger, fragments);
            } catch (AssertionError e) {
                throw new AssertionError("audit after cycle " + cycle + " failed (seed " + seed
                        + "; children's stderr in " + log + "): " + e.getMessage(), e);
            }
            repeats += c.report.repeats();
            newKeys += c.report.newKeys();
            tornCut += r.tornCut();
            entryChecks += r.verified();
            stored = r.entries();
            resets = r.resets();
            System.out.printf("cycle %d: killed %s; acks %d (%d entries, %d repeats, %d new keys); "
                            + "store: %d sessions, %d entries, %d acknowledged verified; torn cut %d%n",
                    cycle, c.when, c.report.appends(), c.report.entries(), c.report.repeats(), c.report.newKeys(),
                    r.sessions(), r.entries(), r.verified(), r.tornCut());
        }
        Totals totals = new Totals(seed, cycles, ledger.appends(), ledger.acked().size(), repeats, newKeys,
                fragments.size(), tornCut, stored, resets, entryChecks, earlyKills,
                Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(totals);
        return totals;
    }

    private record Cycle(Ledger.Report report, boolean beforeReady, String when) {}

    /**
     * Starts a child ({@code fsync=always} in 80 % of cycles, {@code interval} otherwise) and kills it: in 15 % of
     * cycles 0–1.5 s after spawn (often while it starts and recovers), in 15 % 0–300 ms after READY (while it opens
     * sessions), otherwise 0–500 ms after its first acknowledgement.
     */
    private Cycle runChild(int cycle) throws IOException, InterruptedException {
        long childSeed = rnd.nextLong();
        int plan = rnd.nextInt(100);
        long delayMs = plan < 15 ? rnd.nextInt(1500) : plan < 30 ? rnd.nextInt(300) : rnd.nextInt(500);
        String fsync = rnd.nextInt(100) < 80 ? "always" : "interval";
        AppenderProcess child = AppenderProcess.start(log, "loop", stateDir.toString(), Long.toString(childSeed),
                "c" + cycle, "3", fsync);
        boolean beforeReady = false;
        String when;
        boolean aliveAtKill;
        List<String> lines;
        try {
            if (plan < 15) {
                beforeReady = child.awaitLine("READY", Duration.ofMillis(delayMs)) == null;
                when = delayMs + " ms after spawn" + (beforeReady ? " (before READY)" : "") + ", fsync=" + fsync;
            } else {
                assertThat(child.awaitLine("READY", READY_WITHIN)).as("child of cycle %d became ready (log %s)",
                        cycle, log).isNotNull();
                if (plan >= 30) {
                    assertThat(child.awaitLine("ACK", READY_WITHIN)).as("child of cycle %d acknowledged (log %s)",
                            cycle, log).isNotNull();
                }
                Thread.sleep(delayMs);
                when = delayMs + " ms after " + (plan < 30 ? "READY" : "the first ACK") + ", fsync=" + fsync;
            }
        } finally {
            aliveAtKill = child.isAlive();
            lines = child.kill();
        }
        assertThat(aliveAtKill).as("child of cycle %d was still running when killed; it printed:%n%s%n(log %s)",
                cycle, String.join("\n", lines), log).isTrue();
        Ledger.Report report = ledger.record(lines, String.join("\n", lines));
        return new Cycle(report, beforeReady, when);
    }

    /** Appends a torn fragment to the transcript of one of the loop's keys, imitating an interrupted write. */
    private void injectFragment(int cycle) throws IOException {
        // Only into a transcript that ends cleanly: a crash tears at most the last write.
        List<RawTranscript> files = RawTranscript.transcripts(stateDir).stream()
                .filter(p -> Payloads.FILES.contains(p.getFileName().toString()))
                .map(RawTranscript::read)
                .filter(t -> !t.torn())
                .toList();
        if (files.isEmpty()) {
            return;
        }
        RawTranscript t = files.get(rnd.nextInt(files.size()));
        Path file = t.file();
        String line = "{\"seq\":" + t.validLines() + ",\"type\":\"message\",\"timestamp\":1700000000000,"
                + "\"message\":{\"role\":\"user\",\"content\":\"torn in cycle " + cycle + "\"}}";
        byte[] fragment = switch (rnd.nextInt(3)) {
            case 0 -> line.substring(0, 1 + rnd.nextInt(line.length() - 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[1 + rnd.nextInt(64)];
            default -> (line.substring(0, 1 + rnd.nextInt(line.length() - 2)) + "\n").getBytes(StandardCharsets.UTF_8);
        };
        Files.write(file, fragment, StandardOpenOption.APPEND);
        fragments.add(new StoreAudit.Fragment(file, fragment));
    }
}
