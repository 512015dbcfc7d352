package dev.parley.app.auth;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SPEC §11: without {@code parley.auth.token} Parley serves only loopback. The check runs while the router is
 * built, before the HTTP server binds, so a misconfigured deployment never accepts a connection. Host names
 * other than {@code localhost} are not resolved (no DNS at startup): anything but a loopback literal counts as
 * non-loopback.
 */
final class BindGuard {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1");

    private BindGuard() {}

    /** Throws a {@link ConfigurationException} naming both keys when {@code host} is exposed without a token. */
    static void check(Optional<String> token, String host) {
        if (token.isEmpty() && !isLoopback(host)) {
            throw new ConfigurationException("Refusing to listen on quarkus.http.host=" + host
                    + " without parley.auth.token: set parley.auth.token (env PARLEY_AUTH_TOKEN) to require a bearer"
                    + " token, or bind to 127.0.0.1, ::1 or localhost",
                    Set.of("parley.auth.token", "quarkus.http.host"));
        }
    }

    static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return LOOPBACK_NAMES.contains(h) || isIpv4Loopback(h);
    }

    /** A dotted-quad literal in 127.0.0.0/8. */
    private static boolean isIpv4Loopback(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
