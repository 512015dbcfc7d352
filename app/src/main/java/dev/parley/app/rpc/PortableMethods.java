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
 * {@code sessions.export} and {@code sessions.import} (SPEC §11) in the {@code parley} and {@code openclaw}
 * formats. An export over {@code parley.limits.max-body} is {@code ENTRY_TOO_LARGE} naming the streamed REST route
 * {@code GET /sessions/{key}/export}; an import takes exactly one of {@code document} (parley) and {@code files}
 * (an OpenClaw tree: path → content).
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
        String format = format(p.string("format"));
        String key = p.string("sessionKey");
        Uni<ObjectNode> result = format.equals("openclaw") ? sessions.exportOpenClaw(key)
                : sessions.exportDocument(key).map(doc -> {
                    ObjectNode out = Json.object();
                    out.set("document", doc);
                    return out;
                });
        return result.map(out -> {
            long size = Json.bytes(out).length;
            if (size > maxBody) {
                throw new ParleyException(ErrorCode.ENTRY_TOO_LARGE, "the export of " + key + " is " + size
                        + " bytes, over parley.limits.max-body (" + maxBody + "); use GET /sessions/{key}/export"
                        + "?format=" + format + " (streamed)", Map.of("limit", maxBody));
            }
            return out;
        });
    }

    private Uni<JsonNode> importDocument(Params p) {
        boolean overwrite = p.bool("overwrite", false);
        if (p.has("files") == p.has("document")) {
            throw ParleyException.invalidParams(p.has("files") ? "files" : "document",
                    "give exactly one of 'document' (parley format) and 'files' (openclaw format)");
        }
        return (p.has("files") ? sessions.importOpenClaw(p.object("files"), overwrite)
                : sessions.importDocument(p.object("document"), overwrite)).map(JsonNode.class::cast);
    }

    /** {@code parley} (default) or {@code openclaw}. */
    public static String format(String format) {
        if (format == null || format.equals("parley") || format.equals("openclaw")) {
            return format == null ? "parley" : format;
        }
        throw ParleyException.invalidParams("format", "unknown format '" + format + "' (parley, openclaw)");
    }
}
