package dev.parley.app.rpc;

import java.util.Objects;

/** One named parameter of an RPC method: its name, JSON type and whether it must be present. */
public record ParamSpec(String name, ParamType type, boolean required) {
    public ParamSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
    }

    public static ParamSpec required(String name, ParamType type) {
        return new ParamSpec(name, type, true);
    }

    public static ParamSpec optional(String name, ParamType type) {
        return new ParamSpec(name, type, false);
    }
}
