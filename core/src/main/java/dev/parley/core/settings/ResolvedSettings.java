package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A session's effective settings and, per field, the layer of the resolution chain that supplied it.
 *
 * @param settings the effective settings
 * @param sources  for every field, where its value came from
 */
public record ResolvedSettings(SessionSettings settings, Map<SettingField, Source> sources) {

    /** A layer of the resolution chain (SPEC §4: session override → agent defaults → global defaults). */
    public enum Source implements WireValue {
        SESSION("session"), AGENT("agent"), GLOBAL("global");

        private final String wire;

        Source(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    public ResolvedSettings {
        requireNonNull(settings, "settings is null");
        Map<SettingField, Source> copy = new EnumMap<>(SettingField.class);
        copy.putAll(requireNonNull(sources, "sources is null"));
        if (copy.size() != SettingField.values().length) {
            throw new IllegalArgumentException("sources must name every field: " + copy.keySet());
        }
        sources = Collections.unmodifiableMap(copy);
    }

    /** Where one field's value came from. */
    public Source source(SettingField field) {
        return sources.get(field);
    }

    /** {@code {"model":"session", "thinkingLevel":"global", …}}. */
    public ObjectNode sourcesJson() {
        ObjectNode out = Json.object();
        sources.forEach((f, s) -> out.put(f.wire(), s.wire()));
        return out;
    }
}
