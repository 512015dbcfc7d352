package dev.parley.app.cli;

import dev.parley.app.cli.Commands.Context;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

    private ParleyCli() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int exit = run(args, out, err, System.getenv(), HttpRpc::new);
        out.flush();
        System.exit(exit);
    }

    /**
     * Runs one command line; the exit code. {@code rpcFactory} makes the client from the URL and the token.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            BiFunction<String, String, Rpc> rpcFactory) {
        try {
            GlobalOptions global = GlobalOptions.parse(args, env);
            Context ctx = new Context(rpcFactory.apply(global.url(), global.token()), out, global.json());
            CommandLine cli = commandLine(ctx, out, err);
            return cli.execute(global.rest().toArray(String[]::new));
        } catch (CliFailure failure) {
            err.println(failure.line());
            return failure.exitCode();
        }
    }

    /** The whole command tree over {@code ctx}. */
    static CommandLine commandLine(Context ctx, PrintStream out, PrintStream err) {
        CommandLine sessions = group(new Group("sessions"))
                .addSubcommand("list", new Commands.ListSessions(ctx))
                .addSubcommand("show", new Commands.KeyCall(ctx, "sessions.get"))
                .addSubcommand("status", new Commands.KeyCall(ctx, "sessions.status"))
                .addSubcommand("history", new Commands.History(ctx))
                .addSubcommand("reset", new Commands.KeyCall(ctx, "sessions.reset"), "clear")
                .addSubcommand("delete", new Commands.KeyCall(ctx, "sessions.delete"))
                .addSubcommand("archive", new Commands.KeyCall(ctx, "sessions.archive"))
                .addSubcommand("restore", new Commands.KeyCall(ctx, "sessions.restore"))
                .addSubcommand("repair", new Commands.KeyCall(ctx, "sessions.repair"))
                .addSubcommand("compact", new Commands.Compact(ctx))
                .addSubcommand("export", new PortableCommands.Export(ctx))
                .addSubcommand("import", new PortableCommands.Import(ctx));
        CommandLine session = group(new Group("session"))
                .addSubcommand("status", new Commands.KeyCall(ctx, "sessions.status"))
                .addSubcommand("reset", new Commands.KeyCall(ctx, "sessions.reset"));
        CommandLine pairing = group(new Group("pairing"))
                .addSubcommand("list", new Commands.PairingList(ctx))
                .addSubcommand("approve", new Commands.PairingApprove(ctx));
        CommandLine gateway = group(new Group("gateway")).addSubcommand("call", new Commands.GatewayCall(ctx));
        CommandLine message = group(new Group("message")).addSubcommand("send", new Commands.MessageSend(ctx));
        CommandLine root = new CommandLine(new Root())
                .addSubcommand(sessions).addSubcommand(session).addSubcommand("status", new Commands.Status(ctx))
                .addSubcommand(pairing).addSubcommand(gateway).addSubcommand(message);
        root.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        root.setParameterExceptionHandler((e, args) -> {
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

    private static CommandLine group(Group group) {
        return new CommandLine(group).setCommandName(group.name);
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
