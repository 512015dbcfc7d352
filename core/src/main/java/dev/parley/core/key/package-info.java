/**
 * Session keys (SPEC §2): parsing, canonical formatting and validation of the key that names one
 * conversation, and the file stems (SPEC §3) that name its files. A {@link dev.parley.core.key.SessionKey}
 * is always valid and canonical; everything else in Parley addresses sessions through it.
 */
package dev.parley.core.key;
