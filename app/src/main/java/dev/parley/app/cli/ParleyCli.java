package dev.parley.app.cli;

import dev.parley.app.cli.Commands.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley}: the command-line client of a running Parley server (SPEC §13). It never starts a server;
 * every command is one JSON-RPC call to {@code POST <url>/rpc}. Exit codes: 0 ok, 1 RPC error, 2 usage,
 * 3 connection or authentication failure.
 */
public final class ParleyCli {

    /** Top-level commands in help order, each with its subcommands (none: the command itself is a leaf). */
    private static final Map<String, List<String>> TREE = tree();
    /** Subcommand aliases: path → alias path. */
    private static final Map<String, String> ALIASES = Map.of("sessions reset", "sessions clear");

    private ParleyCli() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int exit = run(args, out, err, System.getenv(), HttpRpc::new, true);
        out.flush();
        System.exit(exit);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map, BiFunction, boolean)} without the REST routes. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            BiFunction<String, String, Rpc> rpcFactory) {
        return run(args, out, err, env, rpcFactory, false);
    }

    /**
     * Runs one command line; the exit code. {@code rpcFactory} makes the client from the URL and the token; with
     * {@code rest} export and import use the server's REST routes (streamed, bodies up to {@code max-import}).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            BiFunction<String, String, Rpc> rpcFactory, boolean rest) {
        try {
            GlobalOptions global = GlobalOptions.parse(args, env);
            Context ctx = new Context(rpcFactory.apply(global.url(), global.token()), out, global.json(),
                    rest ? new PortableRest(global.url(), global.token()) : null);
            CommandLine cli = commandLine(ctx, out, err, global.rest());
            return cli.execute(global.rest().toArray(String[]::new));
        } catch (CliFailure failure) {
            err.println(failure.line());
            return failure.exitCode();
        }
    }

    /** The whole command tree over {@code ctx}. */
    static CommandLine commandLine(Context ctx, PrintStream out, PrintStream err) {
        return commandLine(ctx, out, err, List.of());
    }

    /**
     * The command tree over {@code ctx}, pruned for {@code args}: when the first word names a top-level command
     * (and the second one of its subcommands) only that branch is built. Picocli reflects over every command it
     * is given, and building the whole tree costs a tenth of the start-up; a word that names nothing (a typo,
     * {@code --help}) gets the whole level, so help texts and error messages are those of the full tree.
     */
    static CommandLine commandLine(Context ctx, PrintStream out, PrintStream err, List<String> args) {
        String first = args.isEmpty() ? null : args.get(0);
        String second = args.size() < 2 ? null : args.get(1);
        boolean prune = TREE.containsKey(first);
        CommandLine root = new CommandLine(new Root());
        for (Map.Entry<String, List<String>> top : TREE.entrySet()) {
            if (!prune || top.getKey().equals(first)) {
                root.addSubcommand(top.getKey(), top.getValue().isEmpty() ? command(ctx, top.getKey())
                        : group(ctx, top.getKey(), prune ? second : null));
            }
        }
        root.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        root.setParameterExceptionHandler((e, params) -> {
            e.getCommandLine().getErr().println("error: USAGE: " + e.getMessage().replace('\n', ' '));
            return CliFailure.USAGE;
        });
        root.setExecutionExceptionHandler((e, cmd, parsed) -> {
            CliFailure failure = e instanceof CliFailure f ? f
                    : new CliFailure(CliFailure.RPC, "CLIENT", String.valueOf(e.getMessage()));
            cmd.getErr().println(failure.line());
            return failure.exitCode();
        });
        return root;
    }

    /** Group {@code name} with all its subcommands, or only {@code word}'s when it names one (or its alias). */
    private static CommandLine group(Context ctx, String name, String word) {
        CommandLine group = new CommandLine(new Group(name)).setCommandName(name);
        List<String> leaves = TREE.get(name);
        boolean one = word != null && (leaves.contains(word) || ALIASES.containsValue(name + " " + word));
        for (String leaf : leaves) {
            String path = name + " " + leaf;
            String alias = ALIASES.get(path);
            if (!one || leaf.equals(word) || (name + " " + word).equals(alias)) {
                if (alias == null) {
                    group.addSubcommand(leaf, command(ctx, path));
                } else {
                    group.addSubcommand(leaf, command(ctx, path), alias.substring(name.length() + 1));
                }
            }
        }
        return group;
    }

    /** The command object at {@code path} ("group leaf", or a top-level leaf's name). */
    private static Object command(Context ctx, String path) {
        return switch (path) {
            case "sessions list" -> new Commands.ListSessions(ctx);
            case "sessions show" -> new Commands.KeyCall(ctx, "sessions.get");
            case "sessions status", "session status" -> new Commands.KeyCall(ctx, "sessions.status");
            case "sessions history" -> new Commands.History(ctx);
            case "sessions reset", "session reset" -> new Commands.KeyCall(ctx, "sessions.reset");
            case "sessions delete" -> new Commands.KeyCall(ctx, "sessions.delete");
            case "sessions archive" -> new Commands.KeyCall(ctx, "sessions.archive");
            case "sessions restore" -> new Commands.KeyCall(ctx, "sessions.restore");
            case "sessions repair" -> new Commands.KeyCall(ctx, "sessions.repair");
            case "sessions compact" -> new Commands.Compact(ctx);
            case "sessions export" -> ctx.rest() == null ? new PortableCommands.Export(ctx)
                    : new PortableCommands.Export(ctx, ctx.rest());
            case "sessions import" -> ctx.rest() == null ? new PortableCommands.Import(ctx)
                    : new PortableCommands.Import(ctx, ctx.rest());
            case "status" -> new Commands.Status(ctx);
            case "pairing list" -> new Commands.PairingList(ctx);
            case "pairing approve" -> new Commands.PairingApprove(ctx);
            case "gateway call" -> new Commands.GatewayCall(ctx);
            case "message send" -> new Commands.MessageSend(ctx);
            default -> throw new IllegalArgumentException("no command " + path);
        };
    }

    private static Map<String, List<String>> tree() {
        Map<String, List<String>> tree = new LinkedHashMap<>();
        tree.put("sessions", List.of("list", "show", "status", "history", "reset", "delete", "archive", "restore",
                "repair", "compact", "export", "import"));
        tree.put("session", List.of("status", "reset"));
        tree.put("status", List.of());
        tree.put("pairing", List.of("list", "approve"));
        tree.put("gateway", List.of("call"));
        tree.put("message", List.of("send"));
        return Collections.unmodifiableMap(tree);
    }

    /**
     * The training run of the build's class-data archive ({@code target/parley-cli.jsa}, see app/pom.xml and
     * the launcher): with {@code -XX:ArchiveClassesAtExit} it runs typical command lines in-process so that the
     * classes they load are archived. No server is needed: the RPC calls get a canned reply parsed from bytes
     * (the path {@link HttpRpc} takes), and one real {@link HttpRpc} call goes to an unreachable loopback port.
     * All output is discarded.
     */
    static final class Training {

        private static final byte[] REPLY = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"sessions\":[{\"sessionKey\":"
                + "\"agent:main:main\",\"agentId\":\"main\",\"status\":\"active\",\"messageCount\":3,"
                + "\"lastActiveAt\":\"2025-01-01T00:00:00Z\",\"model\":null}],\"nextCursor\":\"c\","
                + "\"version\":\"0.1.0\",\"nested\":{\"a\":[1,2.5,true]}}}").getBytes(StandardCharsets.UTF_8);

        private Training() {
        }

        public static void main(String[] args) {
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            BiFunction<String, String, Rpc> canned = (url, token) -> (method, params) -> {
                params.toString();
                try {
                    return Commands.JSON.readTree(REPLY).path("result");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            Map<String, String> env = Map.of();
            for (String line : List.of("--help", "sessions list", "sessions list --json --agent main",
                    "sessions show k", "session status k", "status", "sessions history k --last 5", "sessions",
                    "sessions frobnicate", "gateway call system.status --params {}")) {
                run(line.split(" "), sink, sink, env, canned);
            }
            run(new String[] {"status", "--url", "http://127.0.0.1:1"}, sink, sink, env, HttpRpc::new);
        }
    }

    /** The top-level command; the global options are listed here for the help text only. */
    @Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
            description = "Talks to a running Parley server over HTTP (JSON-RPC at /rpc).")
    static final class Root implements Runnable {
        @Option(names = "--url", description = "server URL (env PARLEY_URL, default " + GlobalOptions.DEFAULT_URL
                + "); accepted anywhere") String url;
        @Option(names = "--token", description = "bearer token (env PARLEY_TOKEN); accepted anywhere") String token;
        @Option(names = "--json", description = "print the RPC result verbatim; accepted anywhere") boolean json;

        @Override
        public void run() {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "missing command (try: parley --help)");
        }
    }

    /** A command that only groups subcommands. */
    @Command(mixinStandardHelpOptions = true)
    static final class Group implements Runnable {
        private final String name;

        Group(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "missing subcommand (try: parley " + name + " --help)");
        }
    }
}
