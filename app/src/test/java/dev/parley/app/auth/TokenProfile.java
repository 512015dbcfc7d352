package dev.parley.app.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the app with {@code parley.auth.token} set. */
public class TokenProfile implements QuarkusTestProfile {

    static final String TOKEN = "t0ken-for-tests-7f3a9c";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("parley.auth.token", TOKEN);
    }
}
