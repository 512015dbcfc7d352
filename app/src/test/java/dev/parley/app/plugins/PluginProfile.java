package dev.parley.app.plugins;

import dev.parley.core.compaction.registry.PluginJars;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A server with third-party plugin jars in its own state dir, built from separate source trees (core's test-jar
 * fixtures) and dropped into {@code <stateDir>/plugins/} before the app starts: {@code tail-keeper} (compactor
 * "tail-keeper", summariser "first-line") and {@code flaky} (compactor, summariser and estimator "flaky" whose
 * behaviour each agent configures).
 *
 * <p>Budget: a 1 200-token window with 100 output and 100 buffer tokens leaves 1 000 tokens (≈ 4 000 characters)
 * for history, so a few long turns overflow it while short conversations never do.
 *
 * <p>Agents: {@code tk} compacts with tail-keeper by itself; {@code tkm} is manual (tail-keeper on request);
 * {@code c*} fail in the flaky compactor ({@code throw}, {@code fail}, {@code hang} with a 1 s timeout,
 * {@code null-result}); {@code sthrow}, {@code shang} (1 s timeout), {@code sempty} and {@code sids} use the flaky
 * summariser under the {@code auto} compactor, which throws, hangs, answers blank, or answers "a summary" (which
 * lacks the last request and its identifiers, so the quality gate fails).
 */
public class PluginProfile implements QuarkusTestProfile {

    /** One state dir for every test class of this profile (they share one server). */
    static final Path STATE_DIR = Path.of("target/test-data/plugins-" + UUID.randomUUID() + "/state").toAbsolutePath();
    static final String TAIL_KEEPER_JAR = "tail-keeper-1.0.jar";
    static final String FLAKY_JAR = "flaky.jar";

    @Override
    public Map<String, String> getConfigOverrides() {
        buildJars();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("parley.state-dir", STATE_DIR.toString());
        c.put("parley.defaults.context-window", "1200");
        c.put("parley.defaults.max-output-tokens", "100");
        c.put("parley.context.buffer-tokens", "100");
        c.put("parley.session.compaction.summarizer", "first-line");
        c.put("parley.agents.tk.compaction.mode", "tail-keeper");
        c.put("parley.agents.tk.compaction.keep-recent-turns", "2");
        c.put("parley.compactors.tail-keeper.note-prefix", "tk-note");
        c.put("parley.agents.tkm.compaction.mode", "manual");
        c.put("parley.agents.tkm.compaction.keep-recent-turns", "2");
        for (String b : new String[] {"throw", "fail", "hang", "null-result"}) {
            String agent = agent("c", b);
            c.put("parley.agents." + agent + ".compaction.mode", "manual");
            c.put("parley.agents." + agent + ".compactors.flaky.behaviour", b);
        }
        c.put("parley.agents." + agent("c", "hang") + ".compaction.timeout", "1s");
        for (String b : new String[] {"throw", "hang", "empty", "ok"}) {
            String agent = agent("s", b);
            c.put("parley.agents." + agent + ".compaction.keep-recent-turns", "1");
            c.put("parley.agents." + agent + ".compaction.summarizer", "flaky");
            c.put("parley.agents." + agent + ".summarizers.flaky.behaviour", b);
        }
        c.put("parley.agents." + agent("s", "hang") + ".compaction.timeout", "1s");
        return c;
    }

    /**
     * The agent id of a behaviour: {@code c} + {@code null-result} → {@code cnullresult}; the summariser that
     * answers "a summary" ({@code ok}) belongs to {@code sids}, whose identifiers it loses.
     */
    static String agent(String prefix, String behaviour) {
        return prefix.equals("s") && behaviour.equals("ok") ? "sids" : prefix + behaviour.replace("-", "");
    }

    private static synchronized void buildJars() {
        Path plugins = STATE_DIR.resolve("plugins");
        try {
            if (!plugins.resolve(FLAKY_JAR).toFile().exists()) {
                PluginJars.build(PluginJars.testPlugin("tail-keeper"), plugins.resolve(TAIL_KEEPER_JAR));
                PluginJars.build(PluginJars.testPlugin("flaky"), plugins.resolve(FLAKY_JAR));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
