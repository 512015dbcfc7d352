package dev.parley.app.rest;

import dev.parley.app.rpc.BodyLimitFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /messages/inbound} = {@code messages.inbound} (SPEC §10.3); the body is the RPC params. */
@Path("/messages")
public class MessagesResource {

    private final RestBridge rest;

    @Inject
    public MessagesResource(RestBridge rest) {
        this.rest = rest;
    }

    @POST
    @Path("inbound")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> inbound(@Context RoutingContext ctx) {
        return rest.call("messages.inbound", () -> rest.body(BodyLimitFilter.body(ctx), null));
    }
}
