package dev.parley.app.config;

import java.util.Optional;

/**
 * {@code parley.channels.<channel>.*}: inbound access control of one channel (SPEC §10.3). Core reads and checks the
 * values (an unknown policy fails startup naming the key); this mapping declares the keys so Quarkus accepts them.
 */
public interface ChannelAccess {
    /** {@code dm-policy}: {@code open} (default), {@code allowlist}, {@code pairing} or {@code disabled}. */
    Optional<String> dmPolicy();

    /** {@code allow-from}: comma-separated sender ids (matched against senderId, else peer.id). Default: none. */
    Optional<String> allowFrom();

    /** {@code group-policy}: {@code open} (default), {@code allowlist} or {@code disabled}. */
    Optional<String> groupPolicy();

    /** {@code groups}: comma-separated allowed group ids. Default: none. */
    Optional<String> groups();
}
