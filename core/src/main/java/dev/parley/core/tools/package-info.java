/**
 * The cross-session tools of SPEC §9 that an agent runtime offers its model ({@code sessions_list},
 * {@code sessions_history}, {@code sessions_send}, {@code sessions_spawn}, {@code session_status}), their
 * visibility rules and the operator's {@code sessions.send}. {@link dev.parley.core.tools.SessionTools} is the
 * facade; everything else is package-private but {@link dev.parley.core.tools.SessionStatus} and
 * {@link dev.parley.core.tools.ToolsConfig}.
 */
package dev.parley.core.tools;
