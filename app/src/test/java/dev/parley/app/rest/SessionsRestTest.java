package dev.parley.app.rest;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.raw;
import static dev.parley.app.support.Wire.rawJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.Wire.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The same operations over REST: results are the RPC results, errors carry SPEC §11's HTTP statuses. */
@QuarkusTest
class SessionsRestTest {

    @Test
    void appendHistoryListGetRepairAndDeleteOverRest() {
        String key = freshKey();
        Reply appended = rawJson("POST", "/sessions/" + key + "/messages",
                "{\"entries\":[" + message("user", "Hello") + "," + message("assistant", "Hi!") + "]}");
        assertThat(appended.status()).isEqualTo(200);
        assertThat(appended.json().get("lastSeq").asLong()).isEqualTo(2);

        Reply history = raw("GET", "/sessions/" + key + "/history?last=1");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("entries")).hasSize(1);
        assertThat(history.json().at("/entries/0/message/content").asText()).isEqualTo("Hi!");
        assertThat(history.json().get("hasMore").asBoolean()).isTrue();

        Reply before = raw("GET", "/sessions/" + key + "/history?beforeSeq=2&includeArchived=false");
        assertThat(before.json().get("entries")).hasSize(1);
        assertThat(before.json().at("/entries/0/seq").asLong()).isEqualTo(1);

        Reply list = raw("GET", "/sessions?channel=whatsapp&scope=dm&status=active&limit=1000");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("sessions").findValuesAsText("sessionKey")).contains(key);

        Reply activeOnly = raw("GET", "/sessions?activeOnly=true&lastN=1000");
        assertThat(activeOnly.json().get("sessions").findValuesAsText("sessionKey")).contains(key);

        Reply got = raw("GET", "/sessions/" + key);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("sessionKey").asText()).isEqualTo(key);

        Reply repaired = raw("POST", "/sessions/" + key + "/repair");
        assertThat(repaired.status()).isEqualTo(200);
        assertThat(repaired.json().get("removed")).isEmpty();

        Reply deleted = raw("DELETE", "/sessions/" + key);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();

        Reply gone = raw("GET", "/sessions/" + key);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error().at("/data/type").asText()).isEqualTo("SESSION_NOT_FOUND");
        assertThat(gone.error().get("code").asInt()).isEqualTo(-32002);
    }

    @Test
    void thePathKeyIsDecodedExactlyOnce() {
        String key = "agent:main:slack:dm:U%2F" + freshKey().substring(25); // the key's own %2F
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "x") + "]}");

        Reply once = raw("GET", "/sessions/" + key.replace("%", "%25") + "/history");
        assertThat(once.status()).as(once.body()).isEqualTo(200);
        assertThat(once.json().get("sessionKey").asText()).isEqualTo(key);

        Reply plain = raw("GET", "/sessions/" + key + "/history");
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.error().at("/data/rule").asText()).isEqualTo("identifier.raw-char");
    }

    @Test
    void aPlusInThePathStaysAPlus() {
        String key = freshKey(); // agent:main:whatsapp:dm:+1…
        rawJson("POST", "/sessions/" + key + "/messages", "{\"entries\":[" + message("user", "x") + "]}");
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").get("sessionKey").asText()).isEqualTo(key);
    }

    @Test
    void resolveAndStatusOverRest() {
        Reply resolved = rawJson("POST", "/sessions/resolve",
                "{\"channel\":\"whatsapp\",\"accountId\":\"default\",\"peer\":{\"kind\":\"dm\",\"id\":\"+15555550123\"}}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().get("sessionKey").asText()).isEqualTo("agent:main:whatsapp:dm:+15555550123");

        Reply status = raw("GET", "/system/status?verbose=true");
        assertThat(status.status()).isEqualTo(200);
        JsonNode json = status.json();
        assertThat(json.has("version")).isTrue();
        assertThat(json.at("/sessions/archived").isNumber()).isTrue();
    }
}
