/**
 * Routing (SPEC §2 "Resolving a key", §10.2): which agent and which session key an inbound
 * {@code (channel, accountId, peer, threadId)} belongs to.
 */
package dev.parley.core.routing;
