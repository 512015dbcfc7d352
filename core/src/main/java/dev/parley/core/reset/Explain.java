package dev.parley.core.reset;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reset part of {@code sessions.explain} (SPEC §7); the session layer adds {@code wouldCompact}.
 *
 * @param type the session's type: {@code dm}, {@code group} or {@code thread}
 * @param policy the resolved policy
 * @param sources field (JSON name) → {@code channel | type | agent | global}
 * @param nextResetAt when the sweep would next reset the session; null when never (mode off, or no messages)
 * @param why a sentence for humans
 */
public record Explain(String type, ResetPolicy policy, Map<String, String> sources, Instant nextResetAt,
                      String why) {
    public Explain {
        requireNonNull(type, "type is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(why, "why is null");
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /**
     * {@code {type, reset:{mode, idleHours, dailyWindow:{start,end}, timezone, preserveSettings, notifyUser,
     * sources:{field: layer}}, nextResetAt, why}}; times are {@code HH:mm}, {@code nextResetAt} is ISO-8601 UTC or
     * null.
     */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.put("type", type);
        ObjectNode reset = out.putObject("reset");
        reset.put("mode", policy.mode().wire());
        double h = policy.idleHours();
        if (h == Math.rint(h) && h < Long.MAX_VALUE) {
            reset.put("idleHours", (long) h);
        } else {
            reset.put("idleHours", h);
        }
        ObjectNode window = reset.putObject("dailyWindow");
        window.put("start", policy.dailyWindowStart().toString());
        window.put("end", policy.dailyWindowEnd().toString());
        reset.put("timezone", policy.timezone().getId());
        reset.put("preserveSettings", policy.preserveSettings());
        reset.put("notifyUser", policy.notifyUser());
        ObjectNode src = reset.putObject("sources");
        sources.forEach(src::put);
        if (nextResetAt == null) {
            out.putNull("nextResetAt");
        } else {
            out.put("nextResetAt", nextResetAt.toString());
        }
        out.put("why", why);
        return out;
    }
}
