package dev.parley.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests under {@code app/kubernetes} parse and keep the deployment contract: the token comes from a
 * Secret whenever the host is opened up (else {@link BindGuard} fails startup), the probes hit the health
 * routes auth leaves open, and one replica owns the state dir on the volume.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyManifestParses() throws IOException {
        List<JsonNode> docs = all();
        assertThat(docs).extracting(d -> d.get("kind").asText())
                .containsExactlyInAnyOrder("Deployment", "PersistentVolumeClaim", "Service", "Kustomization");
    }

    @Test
    void theDeploymentRunsOneReplicaOnTheVolumeWithTheTokenFromASecret() throws IOException {
        JsonNode deployment = kind("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");

        assertThat(env(container, "QUARKUS_HTTP_HOST").get("value").asText()).isEqualTo("0.0.0.0");
        JsonNode token = env(container, "PARLEY_AUTH_TOKEN").at("/valueFrom/secretKeyRef");
        assertThat(token.get("name").asText()).isEqualTo("parley-auth");
        assertThat(token.get("key").asText()).isEqualTo("token");

        String home = env(container, "PARLEY_HOME").get("value").asText();
        JsonNode mount = find(container.get("volumeMounts"), "mountPath", home);
        JsonNode volume = find(deployment.at("/spec/template/spec/volumes"), "name", mount.get("name").asText());
        assertThat(volume.at("/persistentVolumeClaim/claimName").asText())
                .isEqualTo(kind("PersistentVolumeClaim").at("/metadata/name").asText());
    }

    @Test
    void probesUseTheOpenHealthRoutesOnTheServedPort() throws IOException {
        JsonNode container = kind("Deployment").at("/spec/template/spec/containers/0");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo(container.at("/ports/0/name").asText());

        JsonNode service = kind("Service");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        assertThat(service.at("/spec/selector")).isEqualTo(kind("Deployment").at("/spec/template/metadata/labels"));
    }

    private static JsonNode env(JsonNode container, String name) {
        return find(container.get("env"), "name", name);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + array);
    }

    private static JsonNode kind(String kind) throws IOException {
        return all().stream().filter(d -> kind.equals(d.get("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static List<JsonNode> all() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var values = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (values.hasNext()) {
                        docs.add((JsonNode) values.next());
                    }
                }
            }
        }
        return docs;
    }
}
