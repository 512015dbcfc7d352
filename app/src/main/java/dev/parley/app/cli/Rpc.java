package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One JSON-RPC call to a Parley server: the {@code result}, or a {@link CliFailure}. */
@FunctionalInterface
public interface Rpc {

    JsonNode call(String method, ObjectNode params);
}
