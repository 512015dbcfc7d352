package dev.parley.app.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code GET /compaction/strategies} = {@code compaction.strategies} (SPEC §6). */
@Path("/compaction")
public class CompactionResource {

    private final RestBridge rest;

    @Inject
    public CompactionResource(RestBridge rest) {
        this.rest = rest;
    }

    @GET
    @Path("strategies")
    public Uni<Response> strategies(@Context UriInfo uri) {
        return rest.call("compaction.strategies",
                () -> rest.query("compaction.strategies", uri.getQueryParameters(), null));
    }
}
