package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.cli.Commands.Context;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sessions export} and {@code sessions import} in the {@code parley} format, over the JSON-RPC methods of
 * the same names ({@code --format openclaw} is not available yet: exit 2).
 */
final class PortableCommands {

    private PortableCommands() {
    }

    /** {@code sessions export <key> [--format parley|openclaw] [--out PATH]}: the document to PATH or stdout. */
    @Command(description = "Exports a session as a JSON document.")
    static final class Export implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", paramLabel = "<key>", description = "the session key") String key;
        @Option(names = "--format", paramLabel = "FORMAT", description = "parley (default) or openclaw")
        String format = "parley";
        @Option(names = "--out", paramLabel = "PATH", description = "write the document here instead of stdout")
        java.nio.file.Path outPath;

        Export(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            requireParleyFormat(format, "sessions export");
            JsonNode result = ctx.rpc().call("sessions.export", Commands.params().put("sessionKey", key));
            JsonNode document = result.path("document");
            if (outPath == null) {
                ctx.out().println(ctx.json() ? result.toString() : document.toString());
            } else {
                try {
                    java.nio.file.Files.writeString(outPath, document.toString() + "\n");
                } catch (IOException e) {
                    throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot write " + outPath + ": " + e.getMessage());
                }
                if (!ctx.json()) {
                    ctx.out().println("exported " + key + " (" + document.path("entries").size() + " entries) to "
                            + outPath);
                }
            }
            ctx.out().flush();
            return 0;
        }
    }

    /** {@code sessions import PATH [--format parley|openclaw] [--overwrite]}. */
    @Command(description = "Imports a session from an exported JSON document.")
    static final class Import implements Callable<Integer> {
        private final Context ctx;
        @Parameters(index = "0", paramLabel = "PATH", description = "the exported document") java.nio.file.Path path;
        @Option(names = "--format", paramLabel = "FORMAT", description = "parley (default) or openclaw")
        String format = "parley";
        @Option(names = "--overwrite", description = "replace a live session with the same key") boolean overwrite;

        Import(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            requireParleyFormat(format, "sessions import");
            JsonNode document;
            try {
                document = Commands.JSON.readTree(path.toFile());
            } catch (IOException e) {
                throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot read " + path + ": " + e.getMessage());
            }
            if (document == null || !document.isObject()) {
                throw new CliFailure(CliFailure.USAGE, "USAGE", path + " does not hold a JSON document");
            }
            ObjectNode p = Commands.params();
            p.set("document", document);
            if (overwrite) {
                p.put("overwrite", true);
            }
            return ctx.call("sessions.import", p, Printer::fields);
        }
    }

    private static void requireParleyFormat(String format, String command) {
        if (format.equals("openclaw")) {
            throw new CliFailure(CliFailure.USAGE, "NOT_AVAILABLE", "'" + command + " --format openclaw' is not"
                    + " available yet");
        }
        if (!format.equals("parley")) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "--format must be parley or openclaw");
        }
    }
}
