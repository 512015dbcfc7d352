/**
 * Inbound access control and pairing (SPEC §10.3): per-channel DM and group policies
 * ({@link dev.parley.core.access.AccessPolicies}), the check run before {@code messages.inbound} resolves or
 * creates anything ({@link dev.parley.core.access.AccessControl}), and the pairing codes an operator approves,
 * persisted in {@code <stateDir>/pairing/<channel>.json} ({@link dev.parley.core.access.PairingStore}).
 */
package dev.parley.core.access;
