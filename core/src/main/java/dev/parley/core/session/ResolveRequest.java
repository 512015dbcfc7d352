package dev.parley.core.session;

/** Input of {@code sessions.resolve}: where a message came from. accountId and threadId may be null. */
public record ResolveRequest(String channel, String accountId, String peerKind, String peerId, String threadId) {}
