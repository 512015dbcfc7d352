package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import java.util.Iterator;
import java.util.Map;

/**
 * The named parameters of one call, checked against the method's {@link ParamSpec}s: no unknown names, every
 * required one present, every present one of its declared JSON type. The getters return {@code null} for an
 * absent (or {@code null}) optional parameter.
 */
public final class Params {

    private final ObjectNode values;

    private Params(ObjectNode values) {
        this.values = values;
    }

    /** Checks {@code values} against {@code specs}; INVALID_PARAMS with {@code data.field} on the first problem. */
    static Params check(Map<String, ParamSpec> specs, ObjectNode values) {
        return check("", specs, values);
    }

    /**
     * Checks a nested object parameter the same way; {@code prefix} (such as {@code "peer."}) starts every
     * {@code data.field} it reports.
     */
    static Params check(String prefix, Map<String, ParamSpec> specs, ObjectNode values) {
        for (Iterator<String> names = values.fieldNames(); names.hasNext(); ) {
            String field = prefix + names.next();
            if (!specs.containsKey(field.substring(prefix.length()))) {
                throw ParleyException.invalidParams(field, "unknown parameter '" + field + "'; expected "
                        + (specs.isEmpty() ? "none" : prefix + String.join(", " + prefix, specs.keySet())));
            }
        }
        for (ParamSpec spec : specs.values()) {
            String field = prefix + spec.name();
            JsonNode v = values.get(spec.name());
            if (v == null || v.isNull()) {
                if (spec.required()) {
                    throw ParleyException.invalidParams(field, "missing required parameter '" + field + "'");
                }
            } else if (!spec.type().accepts(v)) {
                throw ParleyException.invalidParams(field, "parameter '" + field + "' must be " + spec.type().description());
            }
        }
        return new Params(values);
    }

    private JsonNode present(String name) {
        JsonNode v = values.get(name);
        return v == null || v.isNull() ? null : v;
    }

    public String string(String name) {
        JsonNode v = present(name);
        return v == null ? null : v.textValue();
    }

    public Integer integer(String name) {
        JsonNode v = present(name);
        return v == null ? null : v.intValue();
    }

    public Long longValue(String name) {
        JsonNode v = present(name);
        return v == null ? null : v.longValue();
    }

    public boolean bool(String name, boolean absent) {
        JsonNode v = present(name);
        return v == null ? absent : v.booleanValue();
    }

    public ObjectNode object(String name) {
        return (ObjectNode) present(name);
    }

    public ArrayNode array(String name) {
        return (ArrayNode) present(name);
    }

    public boolean has(String name) {
        return present(name) != null;
    }
}
