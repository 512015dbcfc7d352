package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.ErrorMapper;
import dev.parley.app.config.ParleyConfig;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /rpc}: JSON-RPC 2.0 (SPEC §11). The body is taken as raw bytes ({@link BodyLimitFilter}) so every malformed request gets a
 * JSON-RPC error, never a framework page. HTTP 200 for every JSON-RPC response, 204 when there is nothing to
 * answer (only notifications), 413 for a body over {@code parley.limits.max-body}.
 */
@Path("/rpc")
public class JsonRpcResource {

    private final RpcDispatcher dispatcher;
    private final long maxBody;

    @Inject
    public JsonRpcResource(RpcDispatcher dispatcher, ParleyConfig config) {
        this.dispatcher = dispatcher;
        this.maxBody = config.limits().maxBody().asLongValue();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> call(@Context RoutingContext ctx) {
        byte[] body = BodyLimitFilter.body(ctx);
        if (body.length > maxBody) {
            // BodyLimitFilter refuses these before they get here; kept so the limit holds on its own.
            return Uni.createFrom().item(Response.status(ErrorMapper.httpStatus(ErrorCode.ENTRY_TOO_LARGE))
                    .entity(Json.bytes(tooLarge(maxBody))).type(MediaType.APPLICATION_JSON).build());
        }
        return dispatcher.handle(body).map(response -> response
                .map(json -> Response.ok(Json.bytes(json), MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> Response.noContent().build()));
    }

    /** The JSON-RPC error response for a body over the limit: id null, ENTRY_TOO_LARGE with data.limit. */
    public static ObjectNode tooLarge(long limit) {
        return RpcDispatcher.error(NullNode.getInstance(), tooLargeError(limit));
    }

    /** ENTRY_TOO_LARGE for a request body over {@code parley.limits.max-body}. */
    public static ParleyException tooLargeError(long limit) {
        return new ParleyException(ErrorCode.ENTRY_TOO_LARGE,
                "request body exceeds parley.limits.max-body (" + limit + " bytes)", Map.of("limit", limit));
    }
}
