package dev.parley.core.compaction.registry;

import dev.parley.compaction.spi.CompactionException;

/**
 * A compactor or summariser call failed: it threw, failed its stage, returned null or an empty result, or timed
 * out. Carries what {@code COMPACTION_FAILED} reports as {@code data.plugin} and {@code data.reason}; the message
 * reads {@code compactor 'auto' (built-in) failed: timed out after PT2M}. The plugin's own exception, if any, is
 * the cause.
 */
public final class PluginFailedException extends CompactionException {
    private static final long serialVersionUID = 1L;

    private final String plugin;
    private final String source;
    private final String reason;

    PluginFailedException(Registered plugin, String reason, Throwable cause) {
        super(plugin.label() + " failed: " + reason, cause);
        this.plugin = plugin.name();
        this.source = plugin.source();
        this.reason = reason;
    }

    /** The plugin's name, e.g. {@code openai}. */
    public String plugin() {
        return plugin;
    }

    /** The plugin jar's file name, or {@code built-in}. */
    public String source() {
        return source;
    }

    /** What went wrong, e.g. {@code timed out after PT2M} or the plugin's own message. */
    public String reason() {
        return reason;
    }
}
