package dev.parley.app.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code GET /system/status?verbose} = {@code system.status}. */
@Path("/system")
public class SystemResource {

    private final RestBridge rest;

    @Inject
    public SystemResource(RestBridge rest) {
        this.rest = rest;
    }

    @GET
    @Path("status")
    public Uni<Response> status(@Context UriInfo uri) {
        return rest.call("system.status", () -> rest.query("system.status", uri.getQueryParameters(), null));
    }
}
