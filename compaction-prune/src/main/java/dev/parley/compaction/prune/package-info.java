/** Built-in compaction provider(s): prune. */
package dev.parley.compaction.prune;
