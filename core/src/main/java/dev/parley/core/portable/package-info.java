/**
 * Session export and import in the {@code parley} format (SPEC §11 {@code sessions.export}/{@code sessions.import}):
 * building and validating documents, reading a whole transcript and writing one atomically.
 */
package dev.parley.core.portable;
