/**
 * Locks (SPEC §3.2, §8.1): the state-dir lock that makes one process the owner of a state dir,
 * fencing tokens that grow across restarts, and file-based session locks with stale-holder takeover.
 */
package dev.parley.core.lock;
