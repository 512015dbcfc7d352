package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.cli.Commands.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sessions export} and {@code sessions import} in the {@code parley} and {@code openclaw} formats. Built with
 * {@link PortableRest} (the server's URL and token) they use the REST routes, which stream and take bodies up to
 * {@code parley.limits.max-import}; built with only a {@link Context} they fall back to the JSON-RPC methods
 * (bodies up to {@code max-body}).
 */
final class PortableCommands {

    private PortableCommands() {
    }

    /** {@code sessions export <key> [--format parley|openclaw] [--out PATH]} (openclaw: {@code --out DIR}). */
    @Command(description = "Exports a session (parley: one JSON document; openclaw: a directory tree).")
    static final class Export implements Callable<Integer> {
        private final Context ctx;
        private final PortableRest rest;
        @Parameters(index = "0", paramLabel = "<key>", description = "the session key") String key;
        @Option(names = "--format", paramLabel = "FORMAT", description = "parley (default) or openclaw")
        String format = "parley";
        @Option(names = "--out", paramLabel = "PATH", description = "the file (parley) or directory (openclaw)")
        Path outPath;

        Export(Context ctx) {
            this(ctx, null);
        }

        Export(Context ctx, PortableRest rest) {
            this.ctx = ctx;
            this.rest = rest;
        }

        @Override
        public Integer call() {
            checkFormat(format);
            if (format.equals("openclaw")) {
                return openclaw();
            }
            if (rest != null && outPath != null) {
                long bytes = rest.exportTo(key, "parley", outPath);
                report("exported " + key + " (" + bytes + " bytes) to " + outPath);
                return 0;
            }
            JsonNode result = rest != null ? rest.export(key, "parley")
                    : ctx.rpc().call("sessions.export", Commands.params().put("sessionKey", key));
            JsonNode document = result.path("document");
            if (outPath == null) {
                ctx.out().println(ctx.json() ? result.toString() : document.toString());
            } else {
                write(outPath, document.toString() + "\n");
                report("exported " + key + " (" + document.path("entries").size() + " entries) to " + outPath);
            }
            ctx.out().flush();
            return 0;
        }

        private int openclaw() {
            if (outPath == null) {
                throw new CliFailure(CliFailure.USAGE, "USAGE", "--format openclaw needs --out DIR");
            }
            JsonNode result = rest != null ? rest.export(key, "openclaw") : ctx.rpc().call("sessions.export",
                    Commands.params().put("sessionKey", key).put("format", "openclaw"));
            Path root = outPath.toAbsolutePath().normalize();
            for (var it = result.path("files").fields(); it.hasNext(); ) {
                var f = it.next();
                Path target = root.resolve(f.getKey()).normalize();
                if (!target.startsWith(root)) {
                    throw new CliFailure(CliFailure.RPC, "INVALID_PATH", "the server sent a path outside " + root);
                }
                write(target, f.getValue().asText());
            }
            report("exported " + key + " (" + result.path("files").size() + " files) to " + root);
            return 0;
        }

        private void report(String line) {
            ctx.out().println(line);
            ctx.out().flush();
        }
    }

    /** {@code sessions import PATH [--format parley|openclaw] [--overwrite]} (openclaw: a directory or a .tar). */
    @Command(description = "Imports sessions from an exported document, an OpenClaw directory or a tar of one.")
    static final class Import implements Callable<Integer> {
        private final Context ctx;
        private final PortableRest rest;
        @Parameters(index = "0", paramLabel = "PATH", description = "the document, directory or .tar") Path path;
        @Option(names = "--format", paramLabel = "FORMAT", description = "parley (default) or openclaw")
        String format = "parley";
        @Option(names = "--overwrite", description = "replace live sessions with the same key") boolean overwrite;

        Import(Context ctx) {
            this(ctx, null);
        }

        Import(Context ctx, PortableRest rest) {
            this.ctx = ctx;
            this.rest = rest;
        }

        @Override
        public Integer call() {
            checkFormat(format);
            if (rest != null && format.equals("openclaw") && path.toString().endsWith(".tar")) {
                return print(rest.importTar(path, overwrite));
            }
            ObjectNode p = Commands.params();
            if (format.equals("openclaw")) {
                p.set("files", readTree(path));
            } else {
                p.set("document", readDocument(path));
            }
            if (overwrite) {
                p.put("overwrite", true);
            }
            return print(rest != null ? rest.importJson(p) : ctx.rpc().call("sessions.import", p));
        }

        private int print(JsonNode result) {
            if (ctx.json()) {
                ctx.out().println(result.toString());
            } else {
                new Printer(ctx.out()).fields(result);
            }
            ctx.out().flush();
            return 0;
        }
    }

    /** Every regular file under {@code dir} (symbolic links are refused), by path relative to it. */
    static ObjectNode readTree(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", dir + " is not a directory (an OpenClaw tree)");
        }
        ObjectNode files = Commands.params();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted().toList()) {
                if (Files.isSymbolicLink(p)) {
                    throw new CliFailure(CliFailure.USAGE, "USAGE", p + " is a symbolic link; not imported");
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String rel = dir.relativize(p).toString().replace('\\', '/');
                    files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot read " + dir + ": " + e.getMessage());
        }
        return files;
    }

    private static JsonNode readDocument(Path path) {
        JsonNode document;
        try {
            document = Commands.JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot read " + path + ": " + e.getMessage());
        }
        if (document == null || !document.isObject()) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", path + " does not hold a JSON document");
        }
        // the export result {document} as well: what `sessions export --out` writes over REST, and `--json` prints
        return !document.has("format") && document.path("document").isObject() ? document.get("document") : document;
    }

    static void write(Path target, String content) {
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(target, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot write " + target + ": " + e.getMessage());
        }
    }

    private static void checkFormat(String format) {
        if (!format.equals("parley") && !format.equals("openclaw")) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "--format must be parley or openclaw");
        }
    }
}
