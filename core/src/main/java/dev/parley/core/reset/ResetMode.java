package dev.parley.core.reset;

import java.util.Locale;

/** How a session resets by policy (SPEC §7): never, after a stretch without interaction, or once per daily window. */
public enum ResetMode {
    OFF,
    IDLE,
    DAILY;

    /** The configuration and JSON form: {@code off}, {@code idle} or {@code daily}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code off | idle | daily}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming {@code key} and the allowed values
     */
    public static ResetMode parse(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "idle" -> IDLE;
            case "daily" -> DAILY;
            default -> throw new IllegalArgumentException(
                    key + ": '" + value + "' is not one of off, idle, daily");
        };
    }
}
