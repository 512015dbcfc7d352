/**
 * Export and import in OpenClaw's file-based session store format ({@code /work/shared/OPENCLAW-FORMAT.md}):
 * {@code agents/<agentId>/sessions/sessions.json} plus one JSONL transcript (format version 3) per sessionId.
 * {@link dev.parley.core.portable.openclaw.OpenClawKeys} maps keys, {@code EntryMapper} maps entries both ways,
 * {@link dev.parley.core.portable.openclaw.OpenClawExport} writes one session's files and
 * {@link dev.parley.core.portable.openclaw.OpenClawImport} reads and validates a whole tree before anything is
 * written.
 */
package dev.parley.core.portable.openclaw;
