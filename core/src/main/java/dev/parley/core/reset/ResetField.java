package dev.parley.core.reset;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/** The fields of a {@link ResetPolicy}: their configuration suffix, their JSON name and how a raw value parses. */
enum ResetField {
    MODE("mode", "mode"),
    IDLE_HOURS("idle-hours", "idleHours"),
    DAILY_WINDOW_START("daily-window.start", "dailyWindowStart"),
    DAILY_WINDOW_END("daily-window.end", "dailyWindowEnd"),
    TIMEZONE("timezone", "timezone"),
    PRESERVE_SETTINGS("preserve-settings", "preserveSettings"),
    NOTIFY_USER("notify-user", "notifyUser");

    private static final Pattern HH_MM = Pattern.compile("\\d{1,2}:\\d{2}");

    /** The key suffix after {@code ...reset.}, e.g. {@code daily-window.start}. */
    final String suffix;
    /** The name in {@code sources} and in the explain JSON, e.g. {@code dailyWindowStart}. */
    final String jsonName;

    ResetField(String suffix, String jsonName) {
        this.suffix = suffix;
        this.jsonName = jsonName;
    }

    /** The field whose suffix ends {@code key} after a dot, or null. */
    static ResetField endingOf(String key) {
        for (ResetField f : values()) {
            if (key.endsWith("." + f.suffix)) {
                return f;
            }
        }
        return null;
    }

    static String allowedSuffixes() {
        StringBuilder sb = new StringBuilder();
        for (ResetField f : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(f.suffix);
        }
        return sb.toString();
    }

    /**
     * Parses a non-blank raw value into the field's type ({@link ResetMode}, {@link Double}, {@link LocalTime},
     * {@link ZoneId}, {@link Boolean}).
     *
     * @throws IllegalArgumentException naming {@code key} and the allowed values
     */
    Object parse(String key, String raw) {
        String v = raw.trim();
        return switch (this) {
            case MODE -> ResetMode.parse(key, v);
            case IDLE_HOURS -> hours(key, v);
            case DAILY_WINDOW_START, DAILY_WINDOW_END -> time(key, v);
            case TIMEZONE -> zone(key, v);
            case PRESERVE_SETTINGS, NOTIFY_USER -> bool(key, v);
        };
    }

    private static double hours(String key, String v) {
        try {
            double h = Double.parseDouble(v);
            if (h > 0 && !Double.isInfinite(h)) {
                return h;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + v + "' is not a number of hours > 0 (e.g. 72, 0.5)");
    }

    private static LocalTime time(String key, String v) {
        if (HH_MM.matcher(v).matches()) {
            int colon = v.indexOf(':');
            int h = Integer.parseInt(v.substring(0, colon));
            int m = Integer.parseInt(v.substring(colon + 1));
            if (h < 24 && m < 60) {
                return LocalTime.of(h, m);
            }
        }
        throw new IllegalArgumentException(key + ": '" + v + "' is not a time HH:mm between 00:00 and 23:59");
    }

    private static ZoneId zone(String key, String v) {
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(key + ": '" + v
                    + "' is not a time-zone id (e.g. Europe/Berlin, UTC, +02:00; empty = the system zone)");
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not one of true, false");
        };
    }
}
