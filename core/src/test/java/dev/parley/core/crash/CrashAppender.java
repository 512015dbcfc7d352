package dev.parley.core.crash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.transcript.FsyncMode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Child JVM of the crash tests: appends to a state dir until it is killed, printing one line per acknowledged
 * append. Modes:
 * <ul>
 *   <li>{@code loop <stateDir> <seed> <runId> <threads> <fsync>}: opens the service with {@code parley.storage.fsync}
 *       {@code <fsync>} (a kill -9 keeps the page cache, so even {@code interval} and {@code never} must keep every
 *       acknowledged append), prints {@code READY <pid>}, then every
 *       thread appends as fast as it can to the {@link Payloads#KEYS} (single entries and batches of up to 5, some
 *       entries with an {@code idempotencyKey}, now and then a {@code reset}), now and then to a brand-new key, and
 *       now and then re-sends an idempotent entry found in the history at start. Per acknowledged append it prints
 *       {@code ACK <key> <lastSeq> <n> <id,id,…>} (ids in seq order); per acknowledged repeat
 *       {@code DUP <key> <lastSeq> <id> <duplicate>}. A failure prints {@code ERR …} and exits 3.</li>
 *   <li>{@code once <stateDir> <key> <id>}: appends one entry (metadata flush interval one hour, so the entry is
 *       acknowledged before any flush can record it), prints the {@code ACK} and waits to be killed.</li>
 * </ul>
 * Each line is written and flushed whole, only after the append's {@code Uni} completed. The child exits when its
 * stdin closes (the test JVM went away) or after {@value #MAX_LIFE_SECONDS} s, so it never outlives the test.
 */
public final class CrashAppender {
    static final int MAX_LIFE_SECONDS = 120;
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
            StandardCharsets.UTF_8);

    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        startWatchdog();
        switch (args[0]) {
            case "loop" -> loop(Path.of(args[1]), Long.parseLong(args[2]), args[3], Integer.parseInt(args[4]),
                    FsyncMode.parse(args[5]));
            case "once" -> once(Path.of(args[1]), args[2], args[3]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void loop(Path stateDir, long seed, String runId, int threads, FsyncMode fsync)
            throws IOException {
        SessionService service = SessionService.open(SessionOptions.defaults(stateDir).withFsync(fsync));
        List<ObjectNode> resendable = Collections.synchronizedList(idempotentTail(service));
        print("READY " + ProcessHandle.current().pid() + " " + resendable.size());
        for (int t = 0; t < threads; t++) {
            Random rnd = new Random(seed * 31 + t);
            String prefix = runId + "-t" + t + "-";
            boolean mayCreate = t == 0;
            Thread w = new Thread(() -> work(service, rnd, prefix, mayCreate, resendable), "appender-" + t);
            w.setDaemon(true);
            w.start();
        }
        awaitStdinClosed();
    }

    private static void work(SessionService service, Random rnd, String prefix, boolean mayCreate,
                             List<ObjectNode> resendable) {
        long counter = 0;
        int created = 0;
        try {
            while (true) {
                int roll = rnd.nextInt(100);
                if (roll < 6 && !resendable.isEmpty()) {
                    ObjectNode again = resendable.get(rnd.nextInt(resendable.size()));
                    String key = again.get("_key").asText();
                    ObjectNode entry = again.deepCopy();
                    entry.remove("_key");
                    AppendResult r = append(service, key, List.of(entry));
                    print("DUP " + key + " " + r.lastSeq() + " " + Payloads.idOf(entry) + " " + r.duplicate());
                    continue;
                }
                String key = Payloads.KEYS.get(rnd.nextInt(Payloads.KEYS.size()));
                int n = rnd.nextInt(10) < 6 ? 1 : 2 + rnd.nextInt(4);
                boolean reset = roll == 97;
                if (reset) {
                    n = 1;
                } else if (mayCreate && roll >= 98 && created < 2) {
                    key = "agent:main:crash:dm:" + prefix + "new" + created++;
                    n = 1;
                }
                List<ObjectNode> batch = new ArrayList<>(n);
                StringBuilder ids = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    String id = prefix + counter++;
                    ObjectNode e = reset ? Payloads.reset(id)
                            : Payloads.message(rnd.nextBoolean() ? "user" : "assistant", id, rnd.nextInt(160));
                    if (!reset && rnd.nextInt(10) < 4) {
                        e.put("idempotencyKey", id);
                    }
                    batch.add(e);
                    ids.append(i == 0 ? "" : ",").append(id);
                }
                AppendResult r = append(service, key, batch);
                print("ACK " + key + " " + r.lastSeq() + " " + n + " " + ids);
            }
        } catch (RuntimeException e) {
            print("ERR " + Thread.currentThread().getName() + " " + e);
            e.printStackTrace();
            System.exit(3);
        }
    }

    /** Idempotent entries of the last 100 of every key, as the client sent them (plus {@code _key}). */
    private static List<ObjectNode> idempotentTail(SessionService service) {
        List<ObjectNode> out = new ArrayList<>();
        for (String key : Payloads.KEYS) {
            HistoryPage page;
            try {
                page = service.history(key, 100, null, false).await().atMost(Duration.ofSeconds(30));
            } catch (ParleyException e) {
                if (e.code() == ErrorCode.SESSION_NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            for (ObjectNode e : page.entries()) {
                if (e.has("idempotencyKey")) {
                    ObjectNode sent = e.deepCopy();
                    sent.remove("seq");
                    sent.remove("timestamp");
                    sent.put("_key", key);
                    out.add(sent);
                }
            }
        }
        return out;
    }

    private static void once(Path stateDir, String key, String id) throws IOException {
        SessionOptions options = SessionOptions.defaults(stateDir)
                .withTimings(Duration.ofMillis(50), Duration.ofHours(1), Duration.ofSeconds(5));
        SessionService service = SessionService.open(options);
        AppendResult r = append(service, key, List.of(Payloads.message("user", id, 10)));
        print("ACK " + key + " " + r.lastSeq() + " 1 " + id);
        awaitStdinClosed();
    }

    /** Returns never: waits for the kill; when stdin closes first (the test JVM went away), halts. */
    private static void awaitStdinClosed() throws IOException {
        while (System.in.read() >= 0) {
            // the test never writes; it kills
        }
        Runtime.getRuntime().halt(0);
    }

    private static AppendResult append(SessionService service, String key, List<ObjectNode> entries) {
        return service.append(key, entries, null).await().atMost(Duration.ofSeconds(60));
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.print(line + "\n");
            OUT.flush();
        }
    }

    private static void startWatchdog() {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(MAX_LIFE_SECONDS).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("crash child lived " + MAX_LIFE_SECONDS + " s; exiting");
            Runtime.getRuntime().halt(4);
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }
}
