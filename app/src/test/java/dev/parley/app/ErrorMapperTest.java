package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void everyErrorTypeHasTheHttpStatusOfSpecSection11() {
        Map<ErrorCode, Integer> spec = new EnumMap<>(ErrorCode.class);
        spec.put(ErrorCode.PARSE_ERROR, 400);
        spec.put(ErrorCode.INVALID_REQUEST, 400);
        spec.put(ErrorCode.METHOD_NOT_FOUND, 404);
        spec.put(ErrorCode.INVALID_PARAMS, 400);
        spec.put(ErrorCode.INVALID_SESSION_KEY, 400);
        spec.put(ErrorCode.SESSION_NOT_FOUND, 404);
        spec.put(ErrorCode.SESSION_LOCKED, 409);
        spec.put(ErrorCode.SESSION_CORRUPT, 409);
        spec.put(ErrorCode.ENTRY_TOO_LARGE, 413);
        spec.put(ErrorCode.CONFLICT, 409);
        spec.put(ErrorCode.UNAUTHORIZED, 401);
        spec.put(ErrorCode.FORBIDDEN, 403);
        spec.put(ErrorCode.COMPACTION_FAILED, 503);
        spec.put(ErrorCode.STORAGE_FAILED, 503);
        spec.put(ErrorCode.INTERNAL, 500);
        assertThat(spec).hasSize(ErrorCode.values().length);
        spec.forEach((code, status) -> assertThat(ErrorMapper.httpStatus(code)).as(code.name()).isEqualTo(status));
    }

    @Test
    void anUnexpectedFailureBecomesInternalWithAGenericMessage() {
        ParleyException e = ErrorMapper.toParley(new IllegalStateException("secret /home/x/.parley detail"));
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("internal error");
        ObjectNode error = ErrorMapper.errorObject(e);
        assertThat(error.get("code").asInt()).isEqualTo(-32603);
        assertThat(error.toString()).doesNotContain("secret", "IllegalState", "at dev.");
    }

    @Test
    void aWrappedParleyExceptionKeepsItsTypeAndData() {
        ParleyException locked = new ParleyException(ErrorCode.SESSION_LOCKED, "locked",
                Map.of("holder", Map.of("pid", 42, "hostname", "h")));
        ParleyException e = ErrorMapper.toParley(new CompletionException(locked));
        assertThat(e).isSameAs(locked);
        ObjectNode error = ErrorMapper.errorObject(e);
        assertThat(error.get("code").asInt()).isEqualTo(-32003);
        assertThat(error.at("/data/type").asText()).isEqualTo("SESSION_LOCKED");
        assertThat(error.at("/data/holder/pid").asInt()).isEqualTo(42);
        assertThat(ErrorMapper.restBody(e).at("/error/message").asText()).isEqualTo("locked");
    }
}
