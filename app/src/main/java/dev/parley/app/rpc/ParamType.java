package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON type a named parameter must have; {@code null} counts as absent for every type. */
public enum ParamType {
    STRING("a string") {
        @Override
        boolean accepts(JsonNode v) {
            return v.isTextual();
        }
    },
    /** An integral number that fits a Java {@code int}. */
    INT("an integer") {
        @Override
        boolean accepts(JsonNode v) {
            return v.isIntegralNumber() && v.canConvertToInt();
        }
    },
    /** An integral number that fits a Java {@code long}. */
    LONG("an integer") {
        @Override
        boolean accepts(JsonNode v) {
            return v.isIntegralNumber() && v.canConvertToLong();
        }
    },
    BOOLEAN("a boolean") {
        @Override
        boolean accepts(JsonNode v) {
            return v.isBoolean();
        }
    },
    OBJECT("an object") {
        @Override
        boolean accepts(JsonNode v) {
            return v.isObject();
        }
    },
    ARRAY("an array") {
        @Override
        boolean accepts(JsonNode v) {
            return v.isArray();
        }
    };

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    abstract boolean accepts(JsonNode value);

    /** "a string", "an integer", … for error messages. */
    public String description() {
        return description;
    }
}
