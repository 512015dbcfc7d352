package dev.parley.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BindGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackWithoutATokenIsAllowed(String host) {
        assertThat(BindGuard.isLoopback(host)).isTrue();
        assertThatCode(() -> BindGuard.check(Optional.empty(), host)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.org", "127.0.0.256", "127.0.0",
            "127.0.0.1.5", "localhost.example.org", ""})
    void anythingElseWithoutATokenFailsStartupNamingBothKeys(String host) {
        assertThat(BindGuard.isLoopback(host)).isFalse();
        assertThatThrownBy(() -> BindGuard.check(Optional.empty(), host))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("parley.auth.token")
                .hasMessageContaining("quarkus.http.host=" + host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "127.0.0.1"})
    void anyHostIsAllowedWithAToken(String host) {
        assertThatCode(() -> BindGuard.check(Optional.of("secret"), host)).doesNotThrowAnyException();
    }
}
