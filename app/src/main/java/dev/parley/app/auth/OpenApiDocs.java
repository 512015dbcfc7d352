package dev.parley.app.auth;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the scanned OpenAPI document at {@code /q/openapi} (SPEC §14): the bearer scheme every operation
 * needs when {@code parley.auth.token} is set, and the JSON-RPC envelope of {@code POST /rpc}, whose resource
 * reads raw bytes and so shows no request body to the scanner. Kept out of {@code rpc/} so the RPC resource
 * stays free of documentation annotations; it runs once, at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocs implements OASFilter {

    static final String SCHEME = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("Authorization: Bearer <parley.auth.token>; required on every route when the token is"
                        + " set (only /q/health/* and /q/metrics stay open)"));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        openAPI.info(OASFactory.createInfo().title("Parley").version(openAPI.getInfo() == null
                ? "0" : openAPI.getInfo().getVersion())
                .description("Session service for AI agent gateways: JSON-RPC 2.0 at POST /rpc, REST under"
                        + " /sessions, Server-Sent Events at GET /events."));
        if (openAPI.getPaths() != null && openAPI.getPaths().hasPathItem("/rpc")) {
            describeRpc(openAPI.getPaths().getPathItem("/rpc"));
        }
    }

    private static void describeRpc(PathItem item) {
        Operation post = item.getPOST();
        if (post == null) {
            return;
        }
        post.summary("JSON-RPC 2.0 call or batch (up to 100 calls)")
                .description("Named params only. HTTP 200 for every JSON-RPC response, 204 when the body held only"
                        + " notifications, 401 for a missing or wrong token and 413 for a body over"
                        + " parley.limits.max-body; those two carry a JSON-RPC error with id null.")
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(envelope()))))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", response("JSON-RPC response (or an array of them for a batch)"))
                        .addAPIResponse("204", response("Only notifications: nothing to answer"))
                        .addAPIResponse("401", response("UNAUTHORIZED (-32007), id null"))
                        .addAPIResponse("413", response("ENTRY_TOO_LARGE (-32005), id null")));
    }

    private static Schema envelope() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .required(List.of("jsonrpc", "method"))
                .properties(Map.of(
                        "jsonrpc", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                                .enumeration(List.of("2.0")),
                        "id", OASFactory.createSchema().description("string or number; absent for a notification"),
                        "method", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                                .examples(List.of("sessions.list", "sessions.append", "system.status")),
                        "params", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                .description("named parameters of the method (SPEC §11)")));
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse response(String description) {
        return OASFactory.createAPIResponse().description(description);
    }
}
