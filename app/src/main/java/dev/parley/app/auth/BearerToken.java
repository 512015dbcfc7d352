package dev.parley.app.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The configured token and the one check made against it. Both sides are hashed with SHA-256 before the
 * constant-time {@link MessageDigest#isEqual} so that neither the token's bytes nor its length show in the
 * time a refusal takes.
 */
final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private final byte[] expectedDigest;

    BearerToken(String token) {
        Objects.requireNonNull(token, "token is null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token is blank");
        }
        this.expectedDigest = sha256(token);
    }

    /** Whether an {@code Authorization} header value (may be null) carries this token; the scheme is case-insensitive. */
    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String presented = authorization.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
