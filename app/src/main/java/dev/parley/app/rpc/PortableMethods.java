package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.BOOLEAN;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.config.ParleyConfig;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.Portable;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
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

    private static final List<ParamSpec> IMPORT_PARAMS = List.of(optional("document", OBJECT),
            optional("files", OBJECT), optional("overwrite", BOOLEAN));

    /**
     * Reads a spooled body: the core mapper's rules, but one value at a time from a parser that goes on, and with
     * no cap on a string's length — an OpenClaw {@code files} member is a whole transcript (bounded by
     * {@code max-import} instead).
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper BODY = JsonMapper.builder(
                    dev.parley.core.json.Json.MAPPER.getFactory().rebuild()
                            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                                    .build())
                            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final com.fasterxml.jackson.databind.ObjectReader TREES = BODY.reader();

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
                RpcMethod.of("sessions.import", IMPORT_PARAMS, this::importDocument));
    }

    /**
     * {@code sessions.import} from a spooled request body (REST): the same checks and answers as the RPC method,
     * in bounded memory for a {@code document} — the body is read once to check its top-level params (the
     * document's contents skipped), then the document is streamed from the file by core. An OpenClaw
     * {@code files} map is read whole, as over RPC. {@code overwrite} (the query parameter) applies unless the
     * body says otherwise.
     */
    public Uni<JsonNode> importBody(java.nio.file.Path body, boolean overwrite) {
        return Uni.createFrom().deferred(() -> {
            ObjectNode params = skeleton(body);
            if (overwrite && !params.has("overwrite")) {
                params.put("overwrite", true);
            }
            Params p = Params.check(RpcMethod.of("sessions.import", IMPORT_PARAMS, x -> null).params(), params);
            return route(p, o -> Portable.of(sessions).importDocumentFile(body, "document", o));
        });
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
        return route(p, o -> sessions.importDocument(p.object("document"), o));
    }

    private Uni<JsonNode> route(Params p, java.util.function.Function<Boolean, Uni<ObjectNode>> document) {
        boolean overwrite = p.bool("overwrite", false);
        if (p.has("files") == p.has("document")) {
            throw ParleyException.invalidParams(p.has("files") ? "files" : "document",
                    "give exactly one of 'document' (parley format) and 'files' (openclaw format)");
        }
        return (p.has("files") ? sessions.importOpenClaw(p.object("files"), overwrite)
                : document.apply(overwrite)).map(JsonNode.class::cast);
    }

    /**
     * The body's params with every object or array but {@code files} replaced by an empty one ({@code document}
     * and any value of the wrong type alike): enough to check the params as the RPC method does, without holding
     * the document. {@code PARSE_ERROR} when the file is not one JSON value, {@code
     * INVALID_REQUEST} when it is not an object.
     */
    private static ObjectNode skeleton(java.nio.file.Path body) {
        try (JsonParser p = BODY.createParser(body.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                requireEnd(p);
                throw new ParleyException(ErrorCode.INVALID_REQUEST, "the request body must be a JSON object");
            }
            ObjectNode params = Json.object();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (!name.equals("files") && t.isStructStart()) {
                    p.skipChildren(); // the document itself, or a value that fails the params check alike
                    params.set(name, t == JsonToken.START_OBJECT ? Json.object() : Json.object().arrayNode());
                } else {
                    JsonNode v = TREES.readTree(p);
                    params.set(name, v == null ? NullNode.getInstance() : v);
                }
            }
            requireEnd(p);
            return params;
        } catch (JacksonException e) {
            throw new ParleyException(ErrorCode.PARSE_ERROR, "the request body is not valid JSON");
        } catch (IOException e) {
            throw ParleyException.storage("cannot read the import", e);
        }
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new ParleyException(ErrorCode.PARSE_ERROR, "the request body is not valid JSON");
        }
    }

    /** {@code parley} (default) or {@code openclaw}. */
    public static String format(String format) {
        if (format == null || format.equals("parley") || format.equals("openclaw")) {
            return format == null ? "parley" : format;
        }
        throw ParleyException.invalidParams("format", "unknown format '" + format + "' (parley, openclaw)");
    }
}
