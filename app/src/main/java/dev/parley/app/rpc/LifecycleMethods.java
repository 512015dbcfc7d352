package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Settings and lifecycle methods (SPEC §4, §7): {@code sessions.patch}, {@code sessions.reset},
 * {@code sessions.explain}, {@code sessions.archive} and {@code sessions.restore}. The edge checks types and the
 * note's size; core validates keys and every setting value ({@code data.field} {@code updates.<field>}).
 */
@ApplicationScoped
public class LifecycleMethods implements MethodGroup {

    /** {@code sessions.reset note}: the longest note, in characters. */
    static final int MAX_NOTE = 1000;

    private final SessionService sessions;

    @Inject
    public LifecycleMethods(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("sessions.patch", List.of(required("sessionKey", STRING), required("updates", OBJECT)),
                        p -> sessions.patch(p.string("sessionKey"), p.object("updates"))),
                RpcMethod.of("sessions.reset", List.of(required("sessionKey", STRING), optional("note", STRING)),
                        this::reset),
                RpcMethod.of("sessions.explain", List.of(required("sessionKey", STRING)),
                        p -> sessions.explain(p.string("sessionKey"))),
                RpcMethod.of("sessions.archive", List.of(required("sessionKey", STRING)),
                        p -> sessions.archive(p.string("sessionKey"))),
                RpcMethod.of("sessions.restore", List.of(required("sessionKey", STRING)),
                        p -> sessions.restore(p.string("sessionKey"))));
    }

    private Uni<JsonNode> reset(Params p) {
        String note = p.string("note");
        if (note != null && note.length() > MAX_NOTE) {
            throw ParleyException.invalidParams("note", "'note' must be at most " + MAX_NOTE + " characters");
        }
        if (note != null && note.isBlank()) {
            note = null;
        }
        return sessions.reset(p.string("sessionKey"), note).map(JsonNode.class::cast);
    }
}
