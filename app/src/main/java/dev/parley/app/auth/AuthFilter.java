package dev.parley.app.auth;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.app.ErrorMapper;
import dev.parley.app.config.ParleyConfig;
import dev.parley.app.rpc.Json;
import dev.parley.app.rpc.RpcDispatcher;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bearer-token auth for every route but the health probes and the Prometheus scrape (SPEC §11). A Vert.x route
 * ordered before {@code BodyLimitFilter} (order -100) and everything else, so a refused request is answered
 * before its body is read and before any resource runs: nothing is written for it. The refusal is HTTP 401 with
 * {@code WWW-Authenticate: Bearer} and the error body of the surface asked (JSON-RPC with id null on
 * {@code /rpc}, REST's {@code {"error":…}} elsewhere).
 *
 * <p>Paths are judged on Vert.x's normalized path, the one the router and Quarkus REST match on, so dot segments
 * or percent-encoding cannot reach a protected route through an open prefix. Without a token nothing is checked,
 * and {@link BindGuard} has already made sure the server listens on loopback only.
 */
@ApplicationScoped
public class AuthFilter {

    private static final Logger LOG = Logger.getLogger(AuthFilter.class);
    private static final int ORDER = -200;
    private static final String CHALLENGE = "Bearer realm=\"parley\"";

    private final ParleyConfig config;
    private final String host;
    private final List<String> openPaths;

    @Inject
    public AuthFilter(ParleyConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String nonAppRoot,
            @ConfigProperty(name = "quarkus.smallrye-health.root-path", defaultValue = "health") String health,
            @ConfigProperty(name = "quarkus.micrometer.export.prometheus.path", defaultValue = "metrics")
            String metrics) {
        this.config = config;
        this.host = host;
        this.openPaths = List.of(under(nonAppRoot, health), under(nonAppRoot, metrics));
    }

    void install(@Observes Router router) {
        Optional<String> token = configuredToken();
        BindGuard.check(token, host);
        if (token.isEmpty()) {
            LOG.infof("Auth is off: parley.auth.token is not set, so Parley serves loopback (%s) only", host);
            return;
        }
        BearerToken expected = new BearerToken(token.get());
        LOG.infof("Auth is on: every route but %s needs a bearer token", openPaths);
        router.route().order(ORDER).handler(ctx -> {
            if (isOpen(ctx.normalizedPath()) || expected.accepts(ctx.request().getHeader("Authorization"))) {
                ctx.next();
            } else {
                refuse(ctx);
            }
        });
    }

    private Optional<String> configuredToken() {
        Optional<String> token = config.auth().token().map(String::strip);
        if (token.isPresent() && token.get().isEmpty()) {
            throw new ConfigurationException("parley.auth.token: must not be blank (unset it to turn auth off)",
                    Set.of("parley.auth.token"));
        }
        return token;
    }

    boolean isOpen(String path) {
        for (String open : openPaths) {
            if (path.equals(open) || path.startsWith(open + "/")) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(RoutingContext ctx) {
        ParleyException e = new ParleyException(ErrorCode.UNAUTHORIZED,
                "missing or wrong bearer token (send Authorization: Bearer <parley.auth.token>)");
        byte[] body = isRpc(ctx.normalizedPath())
                ? Json.bytes(RpcDispatcher.error(NullNode.getInstance(), e))
                : Json.bytes(ErrorMapper.restBody(e));
        HttpServerRequest request = ctx.request();
        boolean unreadBody = !request.isEnded();
        ctx.response().setStatusCode(ErrorMapper.httpStatus(e.code()))
                .putHeader("WWW-Authenticate", CHALLENGE)
                .putHeader("Content-Type", "application/json");
        if (unreadBody && request.version() != HttpVersion.HTTP_2) {
            // The body is never used: close rather than leave a half-read request on a kept-alive connection.
            ctx.response().putHeader("Connection", "close");
            Runnable close = lingeringClose(ctx, request);
            ctx.response().end(Buffer.buffer(body)).onComplete(ignored -> close.run());
        } else {
            ctx.response().end(Buffer.buffer(body));
        }
    }

    /** Request bytes read and dropped after a refusal before the connection is closed anyway. */
    private static final long LINGER_BYTES = 8L * 1024 * 1024;
    /** How long a refused request may keep sending before the connection is closed anyway. */
    private static final long LINGER_MS = 3000;

    /**
     * Closing a connection while request bytes sit unread makes the kernel answer with a reset, which can destroy
     * the 401 before the client reads it. So the rest of the body is read and dropped (at most
     * {@link #LINGER_BYTES}, {@link #LINGER_MS}), and the connection closes once the answer is out and the body
     * has ended (or a bound was hit). Returns the "answer is out" signal.
     */
    private static Runnable lingeringClose(RoutingContext ctx, HttpServerRequest request) {
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(2);
        java.util.concurrent.atomic.AtomicBoolean bodyDone = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable step = () -> {
            if (pending.decrementAndGet() == 0) {
                request.connection().close();
            }
        };
        Runnable bodyEnded = () -> {
            if (bodyDone.compareAndSet(false, true)) {
                step.run();
            }
        };
        long timer = ctx.vertx().setTimer(LINGER_MS, id -> bodyEnded.run());
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                bodyEnded.run();
            }
        });
        request.endHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            bodyEnded.run();
        });
        request.exceptionHandler(e -> bodyEnded.run());
        request.resume();
        return step;
    }

    private static boolean isRpc(String path) {
        return path.equals("/rpc") || path.startsWith("/rpc/");
    }

    /** A Quarkus path setting: absolute as given, else under the non-application root. */
    private static String under(String root, String path) {
        String p = path.startsWith("/") ? path : "/" + strip(root) + "/" + path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String strip(String root) {
        String r = root.startsWith("/") ? root.substring(1) : root;
        return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }
}
