package dev.parley.app.rest;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.app.ErrorMapper;
import dev.parley.app.config.ParleyConfig;
import dev.parley.app.rpc.Json;
import dev.parley.app.rpc.JsonRpcResource;
import dev.parley.app.rpc.RpcDispatcher;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Enforces {@code parley.limits.max-body} on Parley's own routes (everything but {@code /q/*}) before a resource
 * runs: a Vert.x body handler refuses an announced {@code Content-Length} over the limit without reading it and
 * stops a chunked body at the limit; the refusal is answered with HTTP 413 and the error body of the surface it
 * was sent to (JSON-RPC with id null for {@code /rpc}, REST otherwise). Quarkus REST reuses the buffered body.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Before Quarkus' own body-size route (order -2) and every resource. */
    private static final int ORDER = -100;

    void install(@Observes Router router, ParleyConfig config) {
        long limit = config.limits().maxBody().asLongValue();
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false);
        router.routeWithRegex("^/(?!q/).*").order(ORDER)
                .handler(ctx -> {
                    if (!hasBody(ctx.request().method())) {
                        ctx.next();
                        return;
                    }
                    if (isMultipart(ctx)) {
                        // Vert.x parses multipart bodies as forms and keeps no raw body; Parley only reads JSON.
                        answer(ctx, ctx.normalizedPath().startsWith("/rpc") ? 200 : 400,
                                new ParleyException(ErrorCode.PARSE_ERROR, "multipart bodies are not accepted; send JSON"));
                        return;
                    }
                    bodies.handle(ctx);
                })
                .failureHandler(ctx -> tooLarge(ctx, limit));
    }

    /** Parley reads no body on GET, HEAD or OPTIONS; Quarkus' own limit still bounds one sent anyway. */
    private static boolean hasBody(HttpMethod method) {
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }

    private static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static void tooLarge(RoutingContext ctx, long limit) {
        if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        answer(ctx, 413, JsonRpcResource.tooLargeError(limit));
    }

    /** An error in the shape of the surface the request was sent to. */
    private static void answer(RoutingContext ctx, int status, ParleyException e) {
        byte[] body = ctx.normalizedPath().startsWith("/rpc")
                ? Json.bytes(RpcDispatcher.error(NullNode.getInstance(), e))
                : Json.bytes(ErrorMapper.restBody(e));
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(body));
    }
}
