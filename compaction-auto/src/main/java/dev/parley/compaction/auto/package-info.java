/** Built-in compaction provider(s): auto. */
package dev.parley.compaction.auto;
