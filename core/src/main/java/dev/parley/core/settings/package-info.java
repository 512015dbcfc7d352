/**
 * Per-session settings (SPEC §4): the settings themselves ({@link dev.parley.core.settings.SessionSettings}), a
 * session's overrides and their changes ({@link dev.parley.core.settings.Overrides},
 * {@link dev.parley.core.settings.OverridesUpdate}), the defaults and resolution chain
 * ({@link dev.parley.core.settings.SettingsResolver}) and the slash-command parser
 * ({@link dev.parley.core.settings.Directives}). Pure logic: storage and RPC are wired by the session facade.
 */
package dev.parley.core.settings;
