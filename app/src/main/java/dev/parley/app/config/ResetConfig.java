package dev.parley.app.config;

import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * {@code parley.session.reset.*}: the reset policy (SPEC §7). Core parses and checks every value (and every
 * reachable combination of overrides) when the service opens, naming the key; this mapping declares the keys with
 * their defaults so Quarkus accepts and documents them.
 */
public interface ResetConfig {
    /** {@code mode}: {@code off}, {@code idle} or {@code daily}. */
    @WithDefault("daily")
    String mode();

    /** {@code idle-hours}: hours without interaction before an idle reset; fractions allowed. */
    @WithDefault("72")
    String idleHours();

    /** {@code daily-window.*}. */
    Window dailyWindow();

    /** {@code timezone}: the zone of the daily window. Default: the system zone. */
    Optional<String> timezone();

    /** {@code preserve-settings}: keep the session's overrides across a reset. */
    @WithDefault("true")
    String preserveSettings();

    /** {@code notify-user}: the reset entry carries a notice shown first in the model's view. */
    @WithDefault("true")
    String notifyUser();

    /** {@code by-type.<dm|group|thread>.*}: overrides per session type. Default: none. */
    Map<String, Layer> byType();

    /** {@code by-channel.<channel>.*}: overrides per channel. Default: none. */
    Map<String, Layer> byChannel();

    /** {@code daily-window.start} / {@code .end} ({@code HH:mm}; an end before the start spans midnight). */
    interface Window {
        @WithDefault("04:00")
        String start();

        @WithDefault("05:00")
        String end();
    }

    /** The same fields, each optional: per type, per channel, and per agent ({@code parley.agents.<id>.reset.*}). */
    interface Layer {
        Optional<String> mode();

        Optional<String> idleHours();

        LayerWindow dailyWindow();

        Optional<String> timezone();

        Optional<String> preserveSettings();

        Optional<String> notifyUser();
    }

    interface LayerWindow {
        Optional<String> start();

        Optional<String> end();
    }
}
