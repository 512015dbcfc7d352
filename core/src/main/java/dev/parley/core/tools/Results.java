package dev.parley.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import io.smallrye.mutiny.Uni;

/** The result envelopes of SPEC §9: {@code {status: ok|forbidden|timeout|error, …}}. */
final class Results {
    /** The one answer for a target that is denied or missing: it never reveals existence. */
    static final String NOT_VISIBLE = "not visible";

    private Results() {}

    static ObjectNode ok() {
        return Json.object().put("status", "ok");
    }

    static ObjectNode forbidden(String error) {
        return Json.object().put("status", "forbidden").put("error", error);
    }

    static Uni<ObjectNode> notVisible() {
        return Uni.createFrom().item(forbidden(NOT_VISIBLE));
    }

    static ObjectNode timeout(String error) {
        return Json.object().put("status", "timeout").put("error", error);
    }

    static ObjectNode error(String error) {
        return Json.object().put("status", "error").put("error", error);
    }
}
