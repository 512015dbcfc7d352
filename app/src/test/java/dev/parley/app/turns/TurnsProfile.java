package dev.parley.app.turns;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server whose leases last 3 s (so expiry is observable in a test) and whose telegram accounts {@code rt1…rt6}
 * route to agents of the same name: each test polls only its own agent's turns. Tools see the caller's whole agent.
 */
public class TurnsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("parley.session.queue.lease-duration", "3s");
        c.put("parley.tools.sessions.visibility", "agent");
        for (int i = 1; i <= 6; i++) {
            c.put("parley.bindings.telegram.rt" + i, "rt" + i);
        }
        return c;
    }
}
