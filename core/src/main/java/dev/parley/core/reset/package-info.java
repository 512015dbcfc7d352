/**
 * Reset policies and lifecycle rules (SPEC §7) as pure logic: {@link dev.parley.core.reset.ResetPolicies} reads the
 * {@code parley.session.reset.*} configuration and resolves a policy field by field (channel → type → agent →
 * global), {@link dev.parley.core.reset.ResetEvaluator} decides from a session's facts and an injected clock whether
 * an idle or daily reset is due, and {@link dev.parley.core.reset.LifecycleRules} answers the archive, expiry and
 * trash-purge questions of the scheduled sweep. Nothing here reads files or the wall clock; the session layer wires
 * it into lazy resets, the sweep, {@code sessions.reset} and {@code sessions.explain}.
 */
package dev.parley.core.reset;
