package dev.parley.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.cli.Commands.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command tree pruned for the arguments behaves exactly like the whole tree. */
class ParleyCliTreeTest {

    /** Exit code, stdout, stderr and the RPC calls of one command line. */
    private record Outcome(int exit, String out, String err, List<String> calls) {
    }

    private static Outcome execute(String line, boolean pruned) {
        List<String> args = line.isEmpty() ? List.of() : List.of(line.split(" "));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> calls = new ArrayList<>();
        JsonNode result = Commands.JSON.createObjectNode().put("ok", true);
        Context ctx = new Context((method, params) -> {
            calls.add(method + " " + params);
            return result;
        }, outStream, false);
        int exit = (pruned ? ParleyCli.commandLine(ctx, outStream, errStream, args)
                : ParleyCli.commandLine(ctx, outStream, errStream)).execute(args.toArray(String[]::new));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "--version", "-h", "sessions", "sessions --help", "sessions list",
        "sessions list --help", "sessions list --agent a --status all", "sessions list extra", "sessions clear k",
        "sessions reset k", "sessions show", "sessions frobnicate k", "sessions lis", "session status k",
        "session reset --help", "status", "status --verbose", "status --bogus", "pairing approve whatsapp ABC",
        "pairing", "gateway call m --params {}", "message send --to k", "sessions compact", "sessions export k",
        "sessionz list", "list", "--bogus sessions list", "sessions -- list", "sessions history k --last many"})
    void aPrunedTreeGivesTheSameOutputExitCodeAndCallsAsTheWholeTree(String line) {
        assertThat(execute(line, true)).isEqualTo(execute(line, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sessions list", "sessions clear k", "status"})
    void aPrunedTreeStillRunsTheCommand(String line) {
        assertThat(execute(line, true).calls()).hasSize(1);
    }
}
