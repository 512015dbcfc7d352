package dev.parley.core.tools;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.InvalidSessionKeyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;

/** Key parameters of tool calls, and whether a key names a live session. */
final class Keys {
    private Keys() {}

    /** Parses a key parameter; a malformed one is {@code INVALID_PARAMS} naming {@code field}. */
    static SessionKey parse(String raw, String field, SessionService service) {
        try {
            return SessionKey.parse(raw, service.options().defaultAgent());
        } catch (InvalidSessionKeyException e) {
            throw ParleyException.invalidParams(field, "'" + field + "' is not a valid session key: " + e.getMessage());
        }
    }

    /** Whether {@code key} is a live (active) session; other failures propagate. */
    static Uni<Boolean> live(SessionService service, SessionKey key) {
        return service.get(key.format()).map(m -> true)
                .onFailure(e -> e instanceof ParleyException p && p.code() == ErrorCode.SESSION_NOT_FOUND)
                .recoverWithItem(false);
    }
}
