/**
 * Core's built-in compaction providers: the {@code manual} compactor and the {@code heuristic} token estimator,
 * registered in {@code META-INF/services} like any plugin.
 */
package dev.parley.core.compaction.builtin;
