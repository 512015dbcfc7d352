package dev.parley.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An idle {@code /events} stream gets {@code : keep-alive} comment lines (every 1 s under the test profile). */
@QuarkusTest
class KeepAliveTest {

    @Test
    void anIdleStreamReceivesKeepAliveComments() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port
                        + "/events?sessionKey=agent%3Aidle%3Amain")).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        int comments = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; comments < 2 && (line = in.readLine()) != null; ) {
                assertThat(line).as("an idle filtered stream carries no event").doesNotStartWith("event:");
                if (line.startsWith(":")) {
                    assertThat(line.substring(1).strip()).isEqualTo("keep-alive");
                    comments++;
                }
            }
        }
        assertThat(comments).isEqualTo(2);
    }
}
