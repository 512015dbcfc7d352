package dev.parley.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.rpc.Json;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The one place that turns failures into the wire error model of SPEC §11: the {@link ErrorCode} → HTTP status
 * table, the {@code {code, message, data:{type, …}}} object, and the rule that anything that is not a
 * {@link ParleyException} is a bug: logged here with its stack trace, answered as INTERNAL with a generic
 * message that reveals nothing.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    /** The REST status of an error type (SPEC §11 table). */
    public static int httpStatus(ErrorCode code) {
        return switch (code) {
            case PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS, INVALID_SESSION_KEY -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case METHOD_NOT_FOUND, SESSION_NOT_FOUND -> 404;
            case SESSION_LOCKED, SESSION_CORRUPT, CONFLICT -> 409;
            case ENTRY_TOO_LARGE -> 413;
            case COMPACTION_FAILED, STORAGE_FAILED -> 503;
            case INTERNAL -> 500;
        };
    }

    /** A failure as a {@link ParleyException}; anything else is logged as a bug and becomes INTERNAL. */
    public static ParleyException toParley(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ParleyException parley) {
            return parley;
        }
        LOG.error("Unexpected failure while serving a request", t);
        return new ParleyException(ErrorCode.INTERNAL, "internal error");
    }

    /** The JSON-RPC error object {@code {code, message, data:{type, …extra}}}, also used inside REST's {@code error}. */
    public static ObjectNode errorObject(ParleyException e) {
        ObjectNode error = Json.object();
        error.put("code", e.code().rpcCode());
        error.put("message", e.getMessage());
        ObjectNode data = error.putObject("data");
        data.put("type", e.code().name());
        for (Map.Entry<String, Object> extra : e.data().entrySet()) {
            if (!"type".equals(extra.getKey())) {
                data.set(extra.getKey(), Json.tree(extra.getValue()));
            }
        }
        return error;
    }

    /** The REST error body {@code {"error":{code, message, data}}}. */
    public static ObjectNode restBody(ParleyException e) {
        ObjectNode body = Json.object();
        body.set("error", errorObject(e));
        return body;
    }
}
