import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator for Parley's JSON-RPC endpoint (docs/BENCHMARKS.md, "Inbound messages over HTTP"),
 * launched as a single source file ({@code java bench/LoadGen.java --url http://127.0.0.1:PORT/rpc}); normally
 * {@code bench/inbound-load.sh} starts the server and runs it.
 *
 * <p>For each concurrency level, that many senders (a fixed thread pool; Java 17 has no virtual threads) each loop:
 * POST one request, wait for the response, record its latency, repeat. Sender {@code i} always writes as
 * {@code load-<level>-<i>}, so every sender has its own DM session. A level runs a warm-up (not recorded), then
 * a measured window bounded by time and by a request count; requests/s is the measured requests divided by the
 * measured wall time. An HTTP status other than 200, a JSON-RPC error or an exception counts as an error and is
 * not part of the latency figures. Only loopback URLs are accepted.
 *
 * <p>{@code --method messages.inbound} (default) sends the inbound pipeline's request; {@code --method
 * sessions.append} sends one user message to {@code agent:main:telegram:dm:<sender>} instead (the fallback for a
 * server without {@code messages.inbound}).
 *
 * <p>{@code --method turns} measures a whole agent turn round trip (SPEC §8.2) per "request": {@code messages.inbound}
 * on telegram account {@code tb<i>} (the server binds it to agent {@code tb<i>}, so sender {@code i} is also the
 * only runtime polling that agent), {@code turns.next {agentId, waitSeconds:5}}, {@code sessions.append} of the
 * assistant reply with the lease token, {@code turns.complete}. At most 64 senders.
 */
public final class LoadGen {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI url;
    private final String method;
    private final Duration warmup;
    private final Duration measure;
    private final long maxRequests;

    private LoadGen(URI url, String method, Duration warmup, Duration measure, long maxRequests) {
        this.url = url;
        this.method = method;
        this.warmup = warmup;
        this.measure = measure;
        this.maxRequests = maxRequests;
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String method = "messages.inbound";
        String levels = "1,16,64";
        double warmup = 2;
        double duration = 10;
        long maxRequests = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--method" -> method = args[++i];
                case "--levels" -> levels = args[++i];
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--duration" -> duration = Double.parseDouble(args[++i]);
                case "--max-requests" -> maxRequests = Long.parseLong(args[++i]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (url == null) {
            usage("--url is required");
        }
        if (!List.of("messages.inbound", "sessions.append", "turns").contains(method)) {
            usage("--method must be messages.inbound, sessions.append or turns");
        }
        URI uri = URI.create(url);
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost())) {
            usage("only loopback URLs are allowed: " + url);
        }
        LoadGen gen = new LoadGen(uri, method, Duration.ofMillis((long) (warmup * 1000)),
                Duration.ofMillis((long) (duration * 1000)), maxRequests);
        gen.probe();
        System.out.printf(Locale.ROOT, "method %s, warm-up %.0f s, measured %.0f s (or %d requests) per level%n",
                method, warmup, duration, maxRequests);
        System.out.printf(Locale.ROOT, "%8s %10s %10s %9s %9s %9s %7s%n",
                "senders", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
        for (String level : levels.split(",")) {
            gen.level(Integer.parseInt(level.trim())).print();
        }
    }

    private static void usage(String problem) {
        System.err.println("LoadGen: " + problem);
        System.err.println("usage: java LoadGen.java --url http://127.0.0.1:PORT/rpc [--method messages.inbound|turns|"
                + "sessions.append] [--levels 1,16,64] [--warmup SECONDS] [--duration SECONDS] [--max-requests N]");
        System.exit(2);
    }

    /** One request before the run: fails fast (with the server's answer) when the method is missing. */
    private void probe() throws Exception {
        if (method.equals("turns")) {
            return; // the first round trip shows it: every error is counted
        }
        HttpResponse<String> r = HTTP.send(request("probe", 0), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || isRpcError(r.body())) {
            System.err.println("LoadGen: probe of " + method + " failed: HTTP " + r.statusCode() + " " + r.body());
            if (method.equals("messages.inbound")) {
                System.err.println("LoadGen: a server without messages.inbound can be measured with "
                        + "--method sessions.append");
            }
            System.exit(1);
        }
    }

    private LevelResult level(int senders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long deadline = measureFrom + measure.toNanos();
        try {
            List<Future<Sender>> futures = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Sender s = new Sender("load-" + senders + "-" + i);
                futures.add(pool.submit(() -> s.run(measureFrom, deadline, issued)));
            }
            List<Sender> done = new ArrayList<>();
            for (Future<Sender> f : futures) {
                done.add(f.get());
            }
            long end = done.stream().mapToLong(s -> s.lastEnd).max().orElse(deadline);
            return LevelResult.of(senders, done, Math.max(1, end - measureFrom));
        } finally {
            pool.shutdownNow();
        }
    }

    /** One closed-loop sender; its latencies (nanoseconds) cover only the measured window. */
    private final class Sender {
        final String id;
        long[] latencies = new long[1024];
        int count;
        long errors;
        long lastEnd;

        Sender(String id) {
            this.id = id;
        }

        Sender run(long measureFrom, long deadline, AtomicLong issued) {
            long n = 0;
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= deadline) {
                    return this;
                }
                boolean measured = t0 >= measureFrom;
                if (measured && issued.incrementAndGet() > maxRequests) {
                    return this;
                }
                boolean ok = send(++n);
                long t1 = System.nanoTime();
                if (measured) {
                    lastEnd = Math.max(lastEnd, t1);
                    if (ok) {
                        record(t1 - t0);
                    } else {
                        errors++;
                    }
                }
            }
        }

        private boolean send(long n) {
            if (method.equals("turns")) {
                return turn(n);
            }
            try {
                HttpResponse<String> r = HTTP.send(request(id, n), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && !isRpcError(r.body());
            } catch (Exception e) {
                return false;
            }
        }

        /** inbound → turns.next → append with the token → complete; false on any error or an empty poll. */
        private boolean turn(long n) {
            try {
                int i = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
                String agent = "tb" + i;
                String inbound = call("messages.inbound", "{\"channel\":\"telegram\",\"accountId\":\"" + agent
                        + "\",\"peer\":{\"kind\":\"dm\",\"id\":\"" + id + "\"},\"text\":\"question " + n + "\"}", n);
                java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"sessionKey\":\"([^\"]+)\"")
                        .matcher(inbound == null ? "" : inbound);
                String lease = inbound == null ? null
                        : call("turns.next", "{\"agentId\":\"" + agent + "\",\"waitSeconds\":5}", n);
                if (lease == null || !key.find()) {
                    return false;
                }
                java.util.regex.Matcher turn = java.util.regex.Pattern.compile("\"turnId\":\"([^\"]+)\"").matcher(lease);
                java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\":(\\d+)").matcher(lease);
                if (!turn.find() || !token.find()) {
                    return false;
                }
                String appended = call("sessions.append", "{\"sessionKey\":\"" + key.group(1) + "\",\"token\":"
                        + token.group(1) + ",\"entries\":[{\"type\":\"message\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"answer " + n + "\"}}]}", n);
                return appended != null && call("turns.complete", "{\"turnId\":\"" + turn.group(1) + "\",\"token\":"
                        + token.group(1) + "}", n) != null;
            } catch (Exception e) {
                return false;
            }
        }

        /** One RPC: its body, or null on an HTTP or JSON-RPC error. */
        private String call(String rpcMethod, String params, long n) throws Exception {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"" + rpcMethod + "\",\"params\":" + params
                    + "}";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && !isRpcError(r.body()) ? r.body() : null;
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    private HttpRequest request(String sender, long n) {
        String params = method.equals("messages.inbound")
                ? "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\"" + sender + "\"},\"senderId\":\""
                        + sender + "\",\"text\":\"message " + n + "\"}"
                : "{\"sessionKey\":\"agent:main:telegram:dm:" + sender + "\",\"entries\":[{\"type\":\"message\","
                        + "\"message\":{\"role\":\"user\",\"content\":\"message " + n + "\"}}]}";
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static boolean isRpcError(String body) {
        return body.contains("\"error\":{") || body.contains("\"error\" : {");
    }

    private record LevelResult(int senders, long requests, double perSecond, double p50, double p99, double max,
                               long errors) {
        static LevelResult of(int senders, List<Sender> done, long nanos) {
            long errors = done.stream().mapToLong(s -> s.errors).sum();
            int total = done.stream().mapToInt(s -> s.count).sum();
            long[] all = new long[total];
            int at = 0;
            for (Sender s : done) {
                System.arraycopy(s.latencies, 0, all, at, s.count);
                at += s.count;
            }
            Arrays.sort(all);
            return new LevelResult(senders, total + errors, (total + errors) / (nanos / 1e9),
                    percentileMs(all, 50), percentileMs(all, 99), total == 0 ? Double.NaN : all[total - 1] / 1e6,
                    errors);
        }

        private static double percentileMs(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }

        void print() {
            System.out.printf(Locale.ROOT, "%8d %10d %10.0f %9.2f %9.2f %9.1f %7d%n",
                    senders, requests, perSecond, p50, p99, max, errors);
        }
    }
}
