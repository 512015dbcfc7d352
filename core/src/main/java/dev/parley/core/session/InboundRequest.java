package dev.parley.core.session;

/**
 * {@code messages.inbound} (SPEC §10.3): a message from a channel. Nullable: accountId, senderId, senderName,
 * threadId, timestamp, idempotencyKey, mentioned; {@code kind} is {@code message} (default), {@code heartbeat} or
 * {@code system} (those never keep a session alive and skip access control).
 */
public record InboundRequest(String channel, String accountId, String peerKind, String peerId, String senderId,
                             String senderName, String threadId, String text, Long timestamp, String idempotencyKey,
                             Boolean mentioned, String kind) {}
