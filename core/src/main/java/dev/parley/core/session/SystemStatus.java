package dev.parley.core.session;

import java.util.Map;

/** Output of {@code system.status}. */
public record SystemStatus(String version, long uptimeMs, long active, long archived, long expired,
                           long storageBytes, Map<String, Object> memory, Map<String, Object> plugins) {}
