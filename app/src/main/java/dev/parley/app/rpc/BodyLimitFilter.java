package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.app.ErrorMapper;
import dev.parley.app.config.ParleyConfig;
import dev.parley.core.error.ParleyException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads the request body of Parley's own routes (everything but {@code /q/*}) before any resource runs, and
 * enforces {@code parley.limits.max-body} while doing so: an announced {@code Content-Length} over the limit is
 * refused without reading, a chunked body is refused as soon as it passes the limit. The refusal is HTTP 413
 * with the error body of the surface it was sent to (JSON-RPC with id null for {@code /rpc}, REST otherwise).
 *
 * <p>Why by hand: Vert.x's {@code BodyHandler} decodes form content types (a JSON body sent as
 * {@code application/x-www-form-urlencoded}, as {@code curl -d} does, fails inside Netty's form decoder), and
 * Quarkus REST waits for more input after an empty pre-read body. Here bytes are just bytes: resources take
 * them from {@link #body(RoutingContext)} and declare no entity parameter, so the framework never reads.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Before Quarkus' own body-size route (order -2) and every resource. */
    private static final int ORDER = -100;
    private static final String BODY = BodyLimitFilter.class.getName() + ".body";

    void install(@Observes Router router, ParleyConfig config) {
        long limit = config.limits().maxBody().asLongValue();
        router.routeWithRegex("^/(?!q/).*").order(ORDER).handler(ctx -> read(ctx, limit));
    }

    /** The request body this filter read; empty when there was none. */
    public static byte[] body(RoutingContext ctx) {
        Buffer buffer = ctx.get(BODY);
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private static void read(RoutingContext ctx, long limit) {
        HttpServerRequest request = ctx.request();
        if (!hasBody(request.method()) || request.isEnded()) {
            ctx.next();
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && exceeds(length.trim(), limit)) {
            tooLarge(ctx, limit);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return; // drained and dropped: the answer is already out
            }
            if ((long) body.length() + chunk.length() > limit) {
                refused[0] = true;
                tooLarge(ctx, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!refused[0]) {
                ctx.put(BODY, body);
                ctx.next();
            }
        });
        request.exceptionHandler(ctx::fail);
        request.resume();
    }

    /** Parley reads no body on GET, HEAD or OPTIONS; Quarkus' own limit still bounds one sent anyway. */
    private static boolean hasBody(HttpMethod method) {
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength) > limit;
        } catch (NumberFormatException e) {
            // Too many digits for a long is certainly too large; anything else the HTTP codec rejects itself.
            return !contentLength.isEmpty() && contentLength.chars().allMatch(Character::isDigit);
        }
    }

    private static void tooLarge(RoutingContext ctx, long limit) {
        ParleyException e = JsonRpcResource.tooLargeError(limit);
        byte[] body = ctx.normalizedPath().startsWith("/rpc")
                ? Json.bytes(RpcDispatcher.error(NullNode.getInstance(), e))
                : Json.bytes(ErrorMapper.restBody(e));
        ctx.response().setStatusCode(ErrorMapper.httpStatus(e.code()))
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(body));
    }
}
