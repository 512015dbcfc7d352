package dev.parley.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options accepted anywhere on the command line ({@code --url}, {@code --token}, {@code --json}), taken out
 * of the arguments before the command itself is parsed.
 *
 * @param url the server's base URL
 * @param token the bearer token, or null
 * @param json whether to print the RPC result verbatim
 * @param rest the remaining arguments, in order
 */
public record GlobalOptions(String url, String token, boolean json, List<String> rest) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** Options of the commands that take a value: their value is never read as a global option. */
    private static final Set<String> VALUED = Set.of("--agent", "--channel", "--scope", "--active", "--status",
            "--last", "--instructions", "--params", "--format", "--out", "--to", "--message", "--reply-policy");

    public GlobalOptions {
        rest = List.copyOf(rest);
    }

    /** Extracts the global options from {@code args}, falling back to {@code PARLEY_URL} / {@code PARLEY_TOKEN}. */
    public static GlobalOptions parse(String[] args, Map<String, String> env) {
        String url = null;
        String token = null;
        boolean json = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--url") || arg.equals("--token")) {
                if (i + 1 >= args.length) {
                    throw new CliFailure(CliFailure.USAGE, "USAGE", "missing value for " + arg);
                }
                String value = args[++i];
                url = arg.equals("--url") ? value : url;
                token = arg.equals("--token") ? value : token;
            } else if (arg.startsWith("--url=")) {
                url = arg.substring("--url=".length());
            } else if (arg.startsWith("--token=")) {
                token = arg.substring("--token=".length());
            } else {
                rest.add(arg);
                if (VALUED.contains(arg) && i + 1 < args.length) {
                    rest.add(args[++i]);
                }
            }
        }
        url = url != null ? url : env.getOrDefault("PARLEY_URL", DEFAULT_URL);
        token = token != null ? token : env.get("PARLEY_TOKEN");
        return new GlobalOptions(url.isBlank() ? DEFAULT_URL : url, token, json, rest);
    }
}
