/**
 * The compaction plugin registry: discovers compactor, summariser and estimator providers on the class path and
 * in plugin jars, checks names, configures one instance per (provider, agent) and guards their calls.
 */
package dev.parley.core.compaction.registry;
