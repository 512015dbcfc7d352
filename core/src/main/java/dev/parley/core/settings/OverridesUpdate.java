package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of changing a session's overrides: the new overrides and what changed, field by field. A field whose
 * override did not change is not listed, so an update with no {@link #changes()} needs no {@code settings} entry.
 *
 * @param overrides the overrides after the change
 * @param changes   per changed field its old and new override value (null when absent), in {@link SettingField} order
 */
public record OverridesUpdate(Overrides overrides, Map<SettingField, Change> changes) {

    /** One field's override before and after; either may be null (not overridden). */
    public record Change(Object oldValue, Object newValue) {}

    public OverridesUpdate {
        requireNonNull(overrides, "overrides is null");
        Map<SettingField, Change> copy = new EnumMap<>(SettingField.class);
        copy.putAll(requireNonNull(changes, "changes is null"));
        changes = Collections.unmodifiableMap(copy);
    }

    /** The difference between two override sets. */
    public static OverridesUpdate between(Overrides before, Overrides after) {
        Map<SettingField, Change> changes = new EnumMap<>(SettingField.class);
        for (SettingField f : SettingField.values()) {
            Object old = before.get(f);
            Object now = after.get(f);
            if (!Objects.equals(old, now)) {
                changes.put(f, new Change(old, now));
            }
        }
        return new OverridesUpdate(after, changes);
    }

    /** True when nothing changed (write no {@code settings} entry). */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** {@code {field: {old, new}}} with JSON values (null when absent). */
    public ObjectNode changesJson() {
        ObjectNode out = Json.object();
        changes.forEach((f, c) -> {
            ObjectNode change = out.putObject(f.wire());
            change.set("old", f.toJson(c.oldValue()));
            change.set("new", f.toJson(c.newValue()));
        });
        return out;
    }

    /** The transcript entry {@code {type:"settings", source, changes}} (the engine adds {@code seq}, timestamp). */
    public ObjectNode settingsEntry(SettingsSource source) {
        ObjectNode entry = Json.object();
        entry.put("type", "settings");
        entry.put("source", requireNonNull(source, "source is null").wire());
        entry.set("changes", changesJson());
        return entry;
    }
}
