package dev.parley.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A state dir with a service and its tools, plus helpers to call them. */
final class ToolsFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final SessionService service;
    final SessionTools tools;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    ToolsFixture(Path dir, Map<String, String> properties) {
        service = SessionService.open(SessionOptions.defaults(dir).withProperties(properties)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5)));
        tools = new SessionTools(service, scheduler);
    }

    static ObjectNode user(String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "user").put("content", text);
        return e;
    }

    static ObjectNode assistant(String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "assistant").putArray("content").addObject()
                .put("type", "text").put("text", text);
        return e;
    }

    /** Creates (or extends) a session with one user message. */
    String create(String key) {
        return append(key, user("hello from " + key));
    }

    String append(String key, ObjectNode... entries) {
        service.append(key, List.of(entries), null).await().atMost(WAIT);
        return key;
    }

    static ObjectNode params(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode invoke(String tool, String caller, String paramsJson) {
        return tools.invoke(tool, caller, params(paramsJson)).await().atMost(WAIT);
    }

    ParleyException invokeError(String tool, String caller, String paramsJson) {
        ParleyException e = catchThrowableOfType(() -> invoke(tool, caller, paramsJson), ParleyException.class);
        assertThat(e).as("expected an RPC error").isNotNull();
        return e;
    }

    /** Spawns a child of {@code parent} and returns its key. */
    String spawn(String parent, String task) {
        ObjectNode r = invoke("sessions_spawn", parent, "{\"task\":\"" + task + "\"}");
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ok");
        return r.get("sessionKey").asText();
    }

    long lastSeq(String key) {
        return service.get(key).await().atMost(WAIT).get("lastSeq").asLong();
    }

    @Override
    public void close() {
        tools.close();
        service.close();
        scheduler.shutdownNow();
    }
}
