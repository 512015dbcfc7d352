package dev.parley.app.auth;

import static dev.parley.app.auth.Http.assertRestUnauthorized;
import static dev.parley.app.auth.Http.assertRpcUnauthorized;
import static dev.parley.app.auth.Http.send;
import static dev.parley.app.auth.TokenProfile.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.auth.Http.Reply;
import dev.parley.app.support.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §11 "Auth" against the real server with {@code parley.auth.token} set. */
@QuarkusTest
@TestProfile(TokenProfile.class)
class AuthTest {

    private static final String RIGHT = "Bearer " + TOKEN;
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sessions.list\",\"params\":{}}";

    /** Missing, wrong, wrong scheme, empty, the token with a character more or less. */
    static List<String> refusedAuthorizations() {
        return Arrays.asList(null, "Bearer wrong", "Basic " + TOKEN, "Bearer ", "Bearer " + TOKEN + "x",
                "Bearer " + TOKEN.substring(1), TOKEN);
    }

    static Stream<Arguments> protectedRoutes() {
        return refusedAuthorizations().stream().flatMap(auth -> Stream.of(
                Arguments.of("GET", "/sessions", auth),
                Arguments.of("GET", "/system/status", auth),
                Arguments.of("GET", "/sessions/" + Wire.freshKey() + "/history", auth),
                Arguments.of("POST", "/sessions/resolve", auth),
                Arguments.of("GET", "/q/openapi", auth),
                Arguments.of("GET", "/no/such/route", auth)));
    }

    @ParameterizedTest
    @MethodSource("refusedAuthorizations")
    void rpcRefusesAMissingOrWrongTokenWithAJsonRpcError(String authorization) {
        assertRpcUnauthorized(send("POST", "/rpc", authorization, LIST));
    }

    @Test
    void rpcAcceptsTheRightToken() {
        Reply reply = send("POST", "/rpc", RIGHT, LIST);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id").asInt()).isEqualTo(7);
        assertThat(reply.json().has("result")).as(reply.body()).isTrue();
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(send("POST", "/rpc", "bearer " + TOKEN, LIST).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void restRoutesAndOpenApiRefuseAMissingOrWrongTokenWithARestError(String method, String path, String auth) {
        assertRestUnauthorized(send(method, path, auth, method.equals("POST") ? "{}" : null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sessions", "/system/status"})
    void restRoutesAcceptTheRightToken(String path) {
        assertThat(send("GET", path, RIGHT, null).status()).isEqualTo(200);
    }

    @Test
    void openApiAcceptsTheRightTokenAndDocumentsRpcAndTheBearerScheme() {
        Reply reply = send("GET", "/q/openapi?format=json", RIGHT, null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/paths/~1rpc/post/requestBody").isMissingNode()).as(reply.body()).isFalse();
        assertThat(reply.json().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(reply.json().at("/paths/~1events/get").isMissingNode()).isFalse();
    }

    @Test
    void aRefusedAppendWritesNothing() {
        String key = Wire.freshKey();
        String body = "{\"entries\":[" + Wire.message("user", "Hello") + "]}";
        assertRestUnauthorized(send("POST", "/sessions/" + key + "/messages", "Bearer nope", body));
        assertRpcUnauthorized(send("POST", "/rpc", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sessions.append\","
                + "\"params\":{\"sessionKey\":\"" + key + "\",\"entries\":[" + Wire.message("user", "Hi") + "]}}"));
        Reply history = send("GET", "/sessions/" + key + "/history", RIGHT, null);
        assertThat(history.status()).as(history.body()).isEqualTo(404);

        assertThat(send("POST", "/sessions/" + key + "/messages", RIGHT, body).status()).isEqualTo(200);
        assertThat(send("GET", "/sessions/" + key + "/history", RIGHT, null).json().get("entries")).hasSize(1);
    }

    @Test
    void aRefusedBodyOverTheLimitIsAnsweredUnauthorizedBeforeItIsRead() {
        String huge = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertRpcUnauthorized(send("POST", "/rpc", null, huge));
    }

    @Test
    void eventsRefuseAMissingOrWrongTokenAndStreamWithTheRightOne() {
        assertRestUnauthorized(Http.head("/events", null));
        assertRestUnauthorized(Http.head("/events?agentId=main", "Bearer wrong"));
        Reply open = Http.head("/events", RIGHT);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.header("Content-Type")).startsWith("text/event-stream");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics"})
    void healthAndMetricsStayOpen(String path) {
        Reply reply = send("GET", path, null, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/../../rpc", "/q/metrics/../../sessions", "/q/health/%2e%2e/%2e%2e/sessions",
            "/q/healthx", "/q/metricsfoo"})
    void anOpenPrefixDoesNotOpenOtherRoutes(String target) {
        Wire.Reply reply = Wire.raw("GET", target);
        assertThat(reply.status()).as(target + " -> " + reply.body()).isIn(401, 400);
    }
}
