package dev.parley.app.rest;

import dev.parley.app.ErrorMapper;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers what the framework itself rejects (no such route, wrong HTTP method, any other JAX-RS failure) in
 * Parley's error shape, and turns anything unexpected into INTERNAL without a stack trace. A wrong HTTP method
 * keeps its 405: it is a transport error, outside SPEC §11's table.
 */
public class RestErrors {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return RestBridge.error(new ParleyException(ErrorCode.METHOD_NOT_FOUND, "no route for /" + uri.getPath()
                .replaceFirst("^/", "")));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return RestBridge.error(405, new ParleyException(ErrorCode.METHOD_NOT_FOUND,
                "HTTP method not allowed on /" + uri.getPath().replaceFirst("^/", "")));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return RestBridge.error(ErrorMapper.toParley(e));
        }
        return RestBridge.error(status, new ParleyException(ErrorCode.INVALID_REQUEST,
                "request rejected with HTTP status " + status));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return RestBridge.error(ErrorMapper.toParley(e));
    }
}
