package dev.parley.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.ErrorMapper;
import dev.parley.app.config.ParleyConfig;
import dev.parley.app.rpc.Json;
import dev.parley.app.rpc.PortableMethods;
import dev.parley.app.rpc.RpcMethods;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.portable.DocumentStream;
import dev.parley.core.portable.openclaw.OpenClawStream;
import dev.parley.core.session.Portable;
import dev.parley.core.session.SessionService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

/**
 * The large-body routes of {@code sessions.export} / {@code sessions.import} (SPEC §11).
 *
 * <p>{@code GET /sessions/{key}/export?format=parley|openclaw} answers the RPC result, written as it is produced:
 * for {@code parley} the transcript is copied from disk into the response (a {@link DocumentStream}), never held
 * whole; for {@code openclaw} the {@code files} map is written as the transcript is read ({@link OpenClawStream}),
 * never holding a transcript as one string.
 *
 * <p>{@code POST /sessions/import[?overwrite=true]} takes the RPC params as {@code application/json}, or a tar of
 * an OpenClaw tree as {@code application/x-tar}. It is a Vert.x route ordered after authentication and before
 * {@code BodyLimitFilter} (which holds bodies to {@code max-body}): the body is spooled to a temp file under
 * {@code <stateDir>/tmp} (deleted afterwards) up to {@code parley.limits.max-import}, HTTP 413 beyond it. A JSON
 * {@code document} is then streamed from that file ({@link PortableMethods#importBody}), in bounded memory.
 */
@Path("/sessions/{key}/export")
public class PortableResource {
    private static final int ORDER = -150;
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(30);

    private final SessionService sessions;

    @Inject
    public PortableResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @GET
    @Blocking
    public Response export(@Encoded @PathParam("key") String rawKey, @QueryParam("format") String format) {
        try {
            String key = PathKey.decode(rawKey);
            if (PortableMethods.format(format).equals("openclaw")) {
                OpenClawStream files = Portable.of(sessions).openOpenClaw(key).await().indefinitely();
                StreamingOutput out = os -> {
                    try (files) {
                        files.writeTo(os);
                    }
                };
                return Response.ok(out, MediaType.APPLICATION_JSON).build();
            }
            DocumentStream doc = sessions.openExportDocument(key).await().indefinitely();
            StreamingOutput out = os -> {
                try (doc) {
                    os.write("{\"document\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    doc.writeTo(os);
                    os.write('}');
                }
            };
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        } catch (RuntimeException e) {
            return RestBridge.error(ErrorMapper.toParley(e));
        }
    }

    /** Installs {@code POST /sessions/import}. */
    void install(@Observes Router router, ParleyConfig config, RpcMethods methods, PortableMethods portable) {
        java.nio.file.Path tmp = config.stateDir().resolve("tmp");
        long limit = config.limits().maxImport().asLongValue();
        router.post("/sessions/import").order(ORDER).handler(ctx -> new Upload(ctx, tmp, limit, methods, portable).start());
    }

    /** One import request: spool, then parse and call {@code sessions.import} on a worker thread. */
    private record Upload(RoutingContext ctx, java.nio.file.Path tmp, long limit, RpcMethods methods,
                          PortableMethods portable) {

        void start() {
            HttpServerRequest req = ctx.request();
            String length = req.getHeader("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
                    && (length.length() > 18 || Long.parseLong(length) > limit)) {
                tooLarge();
                return;
            }
            req.pause();
            java.nio.file.Path file;
            try {
                Files.createDirectories(tmp);
                file = Files.createTempFile(tmp, "import-", ".spool");
            } catch (IOException e) {
                answer(new ParleyException(ErrorCode.STORAGE_FAILED, "cannot spool the import: " + e.getMessage()));
                return;
            }
            ctx.addEndHandler(v -> delete(file));
            ctx.vertx().fileSystem().open(file.toString(), new OpenOptions().setWrite(true), opened -> {
                if (opened.failed()) {
                    answer(ParleyException.storage("cannot spool the import", opened.cause()));
                } else {
                    spool(req, opened.result(), file);
                }
            });
        }

        private void spool(HttpServerRequest req, AsyncFile out, java.nio.file.Path file) {
            long[] seen = {0};
            boolean[] refused = {false};
            req.handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                seen[0] += chunk.length();
                if (seen[0] > limit) {
                    refused[0] = true;
                    out.close();
                    tooLarge();
                    return;
                }
                out.write(chunk);
                if (out.writeQueueFull()) {
                    req.pause();
                    out.drainHandler(v -> req.resume());
                }
            });
            req.exceptionHandler(ctx::fail);
            req.endHandler(v -> {
                if (!refused[0]) {
                    out.close(closed -> process(file));
                }
            });
            req.resume();
        }

        private void process(java.nio.file.Path file) {
            String type = String.valueOf(ctx.request().getHeader("Content-Type"));
            boolean overwrite = "true".equals(ctx.request().getParam("overwrite"));
            ctx.vertx().<JsonNode>executeBlocking(() -> {
                boolean tar = type.startsWith("application/x-tar") || type.startsWith("application/tar");
                Uni<JsonNode> call = tar ? methods.call("sessions.import", tarParams(file, overwrite))
                        : portable.importBody(file, overwrite);
                return call.await().atMost(IMPORT_TIMEOUT);
            }, false).onComplete(r -> {
                if (r.succeeded()) {
                    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(Buffer.buffer(Json.bytes(r.result())));
                } else {
                    answer(ErrorMapper.toParley(r.cause()));
                }
            });
        }

        private static ObjectNode tarParams(java.nio.file.Path file, boolean overwrite) throws IOException {
            ObjectNode params = Json.object();
            params.set("files", TarReader.read(file));
            if (overwrite) {
                params.put("overwrite", true);
            }
            return params;
        }

        private void tooLarge() {
            answer(new ParleyException(ErrorCode.ENTRY_TOO_LARGE, "the import exceeds parley.limits.max-import ("
                    + limit + " bytes)", Map.of("limit", limit)));
        }

        private void answer(ParleyException e) {
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(ErrorMapper.httpStatus(e.code()))
                        .putHeader("Content-Type", "application/json")
                        .end(Buffer.buffer(Json.bytes(ErrorMapper.restBody(e))));
            }
        }

        private static void delete(java.nio.file.Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover spool file under <stateDir>/tmp is harmless
            }
        }
    }
}
