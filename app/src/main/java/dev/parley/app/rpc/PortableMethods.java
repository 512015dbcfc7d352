package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.BOOLEAN;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.config.ParleyConfig;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * {@code sessions.export} and {@code sessions.import} in the {@code parley} format (SPEC §11). The OpenClaw format
 * is not offered yet ({@code INVALID_PARAMS}); a document over {@code parley.limits.max-body} is
 * {@code ENTRY_TOO_LARGE} naming the REST route meant for large ones (its streaming is not available yet).
 */
@ApplicationScoped
public class PortableMethods implements MethodGroup {

    private final SessionService sessions;
    private final long maxBody;

    @Inject
    public PortableMethods(SessionService sessions, ParleyConfig config) {
        this.sessions = sessions;
        this.maxBody = config.limits().maxBody().asLongValue();
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("sessions.export", List.of(required("sessionKey", STRING), optional("format", STRING)),
                        this::export),
                RpcMethod.of("sessions.import", List.of(optional("document", OBJECT), optional("files", OBJECT),
                        optional("overwrite", BOOLEAN)), this::importDocument));
    }

    private Uni<JsonNode> export(Params p) {
        String format = p.string("format");
        if (format != null && !format.equals("parley")) {
            throw unsupported("format", format);
        }
        String key = p.string("sessionKey");
        return sessions.exportDocument(key).map(doc -> {
            long size = Json.bytes(doc).length;
            if (size > maxBody) {
                throw new ParleyException(ErrorCode.ENTRY_TOO_LARGE, "the export of " + key + " is " + size
                        + " bytes, over parley.limits.max-body (" + maxBody + "); use GET /sessions/{key}/export"
                        + " (streaming REST export is not available yet)", Map.of("limit", maxBody));
            }
            ObjectNode out = Json.object();
            out.set("document", doc);
            return out;
        });
    }

    private Uni<JsonNode> importDocument(Params p) {
        if (p.has("files")) {
            throw unsupported("files", "openclaw");
        }
        if (!p.has("document")) {
            throw ParleyException.invalidParams("document", "'document' is required");
        }
        return sessions.importDocument(p.object("document"), p.bool("overwrite", false)).map(JsonNode.class::cast);
    }

    private static ParleyException unsupported(String field, String format) {
        if (format.equals("openclaw")) {
            return ParleyException.invalidParams(field, "format openclaw is not supported yet");
        }
        return ParleyException.invalidParams(field, "unknown format '" + format + "' (parley, openclaw)");
    }
}
