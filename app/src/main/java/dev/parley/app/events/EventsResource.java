package dev.parley.app.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /events}: Server-Sent Events (SPEC §12). Each frame is {@code event: <name>} and
 * {@code data: {type, sessionKey, agentId, timestamp, seq?}}; the optional {@code agentId} and {@code sessionKey}
 * query parameters keep only matching events (an empty value is no filter). Live only: no replay, no
 * {@code Last-Event-ID}. Behind the bearer token when one is configured.
 */
@Path("/events")
public class EventsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBus bus;
    private final java.time.Duration keepAlive;

    @Inject
    public EventsResource(EventBus bus, dev.parley.app.config.ParleyConfig config) {
        this.bus = bus;
        this.keepAlive = config.events().keepAlive();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@RestQuery String agentId, @RestQuery String sessionKey,
            @Context Sse sse, @Context RoutingContext ctx) {
        // A subscriber cut off for falling behind loses its connection: a clear signal, and what it had buffered
        // is freed at once rather than when a client that stopped reading finally goes away.
        Runnable disconnect = () -> ctx.response().close();
        Multi<OutboundSseEvent> events = bus.subscribe(blankToNull(agentId), blankToNull(sessionKey), disconnect)
                .map(event -> sse.newEventBuilder()
                        .name(event.type())
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(String.class, json(event))
                        .build());
        // Comment lines (": keep-alive") carry no event: EventSource clients ignore them.
        Multi<OutboundSseEvent> keepAlives = Multi.createFrom().ticks().every(keepAlive)
                .onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlives);
    }

    private static String json(SessionEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a SessionEvent always serializes", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
