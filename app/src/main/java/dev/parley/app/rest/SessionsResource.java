package dev.parley.app.rest;

import dev.parley.app.rpc.BodyLimitFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * REST face of the {@code sessions.*} methods (SPEC §11): the body is the RPC params minus {@code sessionKey},
 * which comes from the path, decoded once. Bodies are buffered by {@link BodyLimitFilter} and parsed by {@link RestBridge}, so no
 * framework error page ever answers a malformed request.
 */
@Path("/sessions")
public class SessionsResource {

    private final RestBridge rest;

    @Inject
    public SessionsResource(RestBridge rest) {
        this.rest = rest;
    }

    /** {@code GET /sessions?agentId&channel&scope&status&activeMinutes&activeOnly&limit&lastN&cursor}. */
    @GET
    public Uni<Response> list(@Context UriInfo uri) {
        return rest.call("sessions.list", () -> rest.query("sessions.list", uri.getQueryParameters(), null));
    }

    @GET
    @Path("{key}")
    public Uni<Response> get(@Encoded @PathParam("key") String key, @Context UriInfo uri) {
        return rest.call("sessions.get", () -> rest.query("sessions.get", uri.getQueryParameters(), PathKey.decode(key)));
    }

    /** {@code GET /sessions/{key}/history?last&beforeSeq&includeArchived}. */
    @GET
    @Path("{key}/history")
    public Uni<Response> history(@Encoded @PathParam("key") String key, @Context UriInfo uri) {
        return rest.call("sessions.history",
                () -> rest.query("sessions.history", uri.getQueryParameters(), PathKey.decode(key)));
    }

    /** {@code GET /sessions/{key}/context} = {@code sessions.context}: the model's view (SPEC §5). */
    @GET
    @Path("{key}/context")
    public Uni<Response> context(@Encoded @PathParam("key") String key, @Context UriInfo uri) {
        return rest.call("sessions.context",
                () -> rest.query("sessions.context", uri.getQueryParameters(), PathKey.decode(key)));
    }

    /** {@code GET /sessions/{key}/status} = {@code sessions.status}. */
    @GET
    @Path("{key}/status")
    public Uni<Response> status(@Encoded @PathParam("key") String key, @Context UriInfo uri) {
        return rest.call("sessions.status",
                () -> rest.query("sessions.status", uri.getQueryParameters(), PathKey.decode(key)));
    }

    /** {@code POST /sessions/{key}/compact {instructions?, strategy?}} = {@code sessions.compact}. */
    @POST
    @Path("{key}/compact")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> compact(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.compact", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    /** {@code POST /sessions/{key}/messages {entries:[…], token?}} = {@code sessions.append}. */
    @POST
    @Path("{key}/messages")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> append(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.append", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    /** {@code PATCH /sessions/{key} {updates:{…}}} = {@code sessions.patch} (SPEC §4). */
    @PATCH
    @Path("{key}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> patch(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.patch", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    /** {@code POST /sessions/{key}/reset {note?}} = {@code sessions.reset} (SPEC §7). */
    @POST
    @Path("{key}/reset")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> reset(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.reset", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    /** {@code GET /sessions/{key}/explain} = {@code sessions.explain} (SPEC §7). */
    @GET
    @Path("{key}/explain")
    public Uni<Response> explain(@Encoded @PathParam("key") String key, @Context UriInfo uri) {
        return rest.call("sessions.explain",
                () -> rest.query("sessions.explain", uri.getQueryParameters(), PathKey.decode(key)));
    }

    /** {@code POST /sessions/{key}/archive} = {@code sessions.archive}. */
    @POST
    @Path("{key}/archive")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> archive(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.archive", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    /** {@code POST /sessions/{key}/restore} = {@code sessions.restore}. */
    @POST
    @Path("{key}/restore")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> restore(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.restore", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    @DELETE
    @Path("{key}")
    public Uni<Response> delete(@Encoded @PathParam("key") String key, @Context UriInfo uri) {
        return rest.call("sessions.delete",
                () -> rest.query("sessions.delete", uri.getQueryParameters(), PathKey.decode(key)));
    }

    @POST
    @Path("{key}/repair")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> repair(@Encoded @PathParam("key") String key, @Context RoutingContext ctx) {
        return rest.call("sessions.repair", () -> rest.body(BodyLimitFilter.body(ctx), PathKey.decode(key)));
    }

    /** {@code POST /sessions/resolve {channel, accountId?, peer{kind,id}, threadId?}}. */
    @POST
    @Path("resolve")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> resolve(@Context RoutingContext ctx) {
        return rest.call("sessions.resolve", () -> rest.body(BodyLimitFilter.body(ctx), null));
    }
}
