package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The leaf commands: each makes one RPC call and prints its result. */
final class Commands {

    static final ObjectMapper JSON = new ObjectMapper();

    private Commands() {
    }

    /** What every command needs: the RPC client, stdout and the output mode. */
    record Context(Rpc rpc, PrintStream out, boolean json, PortableRest rest) {
        Context(Rpc rpc, PrintStream out, boolean json) {
            this(rpc, out, json, null);
        }


        /** Calls {@code method}; prints the result verbatim with {@code --json}, else with {@code human}. */
        int call(String method, ObjectNode params, BiConsumer<Printer, JsonNode> human) {
            JsonNode result = rpc.call(method, params);
            if (json) {
                out.println(result.toString());
            } else {
                human.accept(new Printer(out), result);
            }
            out.flush();
            return 0;
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** A command of the form {@code <name> <key>} calling {@code method} with {@code {sessionKey}}. */
    @Command(description = "Calls the RPC method with the session key.")
    static final class KeyCall implements Callable<Integer> {
        private final Context ctx;
        private final String method;

        @Parameters(index = "0", paramLabel = "<key>", description = "the session key")
        String key;

        KeyCall(Context ctx, String method) {
            this.ctx = ctx;
            this.method = method;
        }

        @Override
        public Integer call() {
            return ctx.call(method, params().put("sessionKey", key), Printer::fields);
        }
    }

    /** {@code sessions list}. */
    @Command(description = "Lists sessions, most recently active first.")
    static final class ListSessions implements Callable<Integer> {
        private final Context ctx;
        @Option(names = "--agent", description = "only this agent") String agent;
        @Option(names = "--channel", description = "only this channel") String channel;
        @Option(names = "--scope", description = "only this scope") String scope;
        @Option(names = "--active", paramLabel = "MIN", description = "active within MIN minutes") Integer active;
        @Option(names = "--status", description = "active (default), archived, expired or all") String status;

        ListSessions(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode p = params();
            putIf(p, "agentId", agent);
            putIf(p, "channel", channel);
            putIf(p, "scope", scope);
            putIf(p, "status", status);
            if (active != null) {
                p.put("activeMinutes", active);
            }
            return ctx.call("sessions.list", p, ListSessions::print);
        }

        private static void print(Printer printer, JsonNode result) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode s : result.path("sessions")) {
                rows.add(List.of(Printer.cell(s.get("sessionKey")), Printer.cell(s.get("agentId")),
                        Printer.cell(s.get("channel")), Printer.cell(s.get("status")),
                        Printer.cell(s.get("messageCount")), Printer.cell(s.get("lastActiveAt")),
                        Printer.cell(s.get("model"))));
            }
            printer.table(List.of("KEY", "AGENT", "CHANNEL", "STATUS", "MESSAGES", "LAST ACTIVE", "MODEL"), rows);
            if (result.hasNonNull("nextCursor")) {
                printer.line("(more: cursor " + result.get("nextCursor").asText() + ")");
            }
        }
    }

    /** {@code sessions history <key> [--last N]}. */
    @Command(description = "Prints a session's transcript entries.")
    static final class History implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", paramLabel = "<key>", description = "the session key") String key;
        @Option(names = "--last", paramLabel = "N", description = "the last N entries (server default 50)") Integer last;

        History(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode p = params().put("sessionKey", key);
            if (last != null) {
                p.put("last", last);
            }
            return ctx.call("sessions.history", p, History::print);
        }

        private static void print(Printer printer, JsonNode result) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : result.path("entries")) {
                JsonNode message = e.path("message");
                rows.add(List.of(Printer.cell(e.get("seq")), Printer.cell(e.get("type")),
                        Printer.cell(message.get("role")), Printer.cell(text(message.get("content")))));
            }
            printer.table(List.of("SEQ", "TYPE", "ROLE", "CONTENT"), rows);
            if (result.path("hasMore").asBoolean()) {
                printer.line("(older entries not shown)");
            }
        }

        private static JsonNode text(JsonNode content) {
            if (content == null || !content.isArray()) {
                return content;
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                text.append(part.has("text") ? part.get("text").asText() : part.toString()).append(' ');
            }
            return JSON.getNodeFactory().textNode(text.toString().strip());
        }
    }

    /** {@code sessions compact [<key>] [--instructions TEXT]}. */
    @Command(description = "Compacts a session's context now.")
    static final class Compact implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", arity = "0..1", paramLabel = "<key>", description = "the session key") String key;
        @Option(names = "--instructions", paramLabel = "TEXT", description = "extra summary instructions")
        String instructions;

        Compact(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (key == null) {
                throw new CliFailure(CliFailure.USAGE, "NOT_AVAILABLE",
                        "storage compaction of all sessions arrives with storage maintenance");
            }
            ObjectNode p = params().put("sessionKey", key);
            putIf(p, "instructions", instructions);
            return ctx.call("sessions.compact", p, Printer::fields);
        }
    }

    /** {@code status [--verbose]}. */
    @Command(description = "Prints the server's status.")
    static final class Status implements Callable<Integer> {
        private final Context ctx;
        @Option(names = "--verbose", description = "include details") boolean verbose;

        Status(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode p = params();
            if (verbose) {
                p.put("verbose", true);
            }
            return ctx.call("system.status", p, Printer::fields);
        }
    }

    /** {@code pairing list [channel]}. */
    @Command(description = "Lists pending pairing requests.")
    static final class PairingList implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", arity = "0..1", paramLabel = "<channel>") String channel;

        PairingList(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode p = params();
            putIf(p, "channel", channel);
            return ctx.call("pairing.list", p, Printer::fields);
        }
    }

    /** {@code pairing approve <channel> <code>}. */
    @Command(description = "Approves a pairing code.")
    static final class PairingApprove implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", paramLabel = "<channel>") String channel;
        @Parameters(index = "1", paramLabel = "<code>") String code;

        PairingApprove(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return ctx.call("pairing.approve", params().put("channel", channel).put("code", code), Printer::fields);
        }
    }

    /** {@code gateway call <method> --params '{…}'}. */
    @Command(description = "Calls any RPC method with JSON params.")
    static final class GatewayCall implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", paramLabel = "<method>") String method;
        @Option(names = "--params", paramLabel = "JSON", description = "the params object (default {})")
        String params = "{}";

        GatewayCall(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(params);
            } catch (IOException e) {
                parsed = null;
            }
            if (parsed == null || !parsed.isObject()) {
                throw new CliFailure(CliFailure.USAGE, "USAGE", "--params must be a JSON object");
            }
            return ctx.call(method, (ObjectNode) parsed, Printer::fields);
        }
    }

    /** {@code message send --to <key> --message "…" [--reply-policy P] [--timeout S]} = {@code sessions.send}. */
    @Command(description = "Sends a message into a session as the operator; optionally waits for the reply.")
    static final class MessageSend implements Callable<Integer> {
        private final Context ctx;
        @Option(names = "--to", required = true, paramLabel = "<key>", description = "the target session key")
        String to;
        @Option(names = "--message", required = true, paramLabel = "TEXT", description = "the message text")
        String message;
        @Option(names = "--reply-policy", paramLabel = "P", description = "skip (default) or reply")
        String replyPolicy;
        @Option(names = "--timeout", paramLabel = "S", description = "seconds to wait for a reply (server default 30)")
        Integer timeout;

        MessageSend(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ObjectNode p = params().put("sessionKey", to).put("message", message);
            putIf(p, "replyPolicy", replyPolicy);
            if (timeout != null) {
                p.put("timeoutSeconds", timeout);
            }
            return ctx.call("sessions.send", p, MessageSend::print);
        }

        private static void print(Printer printer, JsonNode result) {
            String status = result.path("status").asText();
            if (result.hasNonNull("reply")) {
                printer.line(result.get("reply").asText());
            } else if (status.equals("ok")) {
                printer.line("sent");
            } else {
                printer.line(status + ": " + result.path("error").asText());
            }
        }
    }

    private static void putIf(ObjectNode p, String field, String value) {
        if (value != null) {
            p.put(field, value);
        }
    }
}
