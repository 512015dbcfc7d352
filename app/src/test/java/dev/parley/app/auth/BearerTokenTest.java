package dev.parley.app.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

    private final BearerToken token = new BearerToken("s3cret");

    @ParameterizedTest
    @ValueSource(strings = {"Bearer s3cret", "bearer s3cret", "BEARER s3cret", "Bearer  s3cret "})
    void theTokenUnderTheBearerSchemeIsAccepted(String header) {
        assertThat(token.accepts(header)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "s3cret", "Basic s3cret", "Bearer s3cre", "Bearer s3cret2",
            "Bearers3cret", "Bearer S3CRET"})
    void anythingElseIsRefused(String header) {
        assertThat(token.accepts(header)).isFalse();
    }

    @Test
    void aBlankTokenCannotBeConfigured() {
        assertThatThrownBy(() -> new BearerToken("  ")).isInstanceOf(IllegalArgumentException.class);
    }
}
