package dev.parley.core.access;

import java.util.Objects;
import java.util.Set;

/**
 * The access rules of one channel (SPEC §10.3). Ids are matched exactly (case preserved, as in session keys).
 *
 * @param allowFrom {@code allow-from}: sender ids allowed under {@code dm-policy} allowlist and pairing
 * @param groups {@code groups}: group (and thread) peer ids allowed under {@code group-policy=allowlist}
 */
public record ChannelPolicy(DmPolicy dmPolicy, Set<String> allowFrom, GroupPolicy groupPolicy, Set<String> groups) {
    /** What a channel without configuration gets: everything open. */
    public static final ChannelPolicy DEFAULT = new ChannelPolicy(DmPolicy.OPEN, Set.of(), GroupPolicy.OPEN, Set.of());

    public ChannelPolicy {
        Objects.requireNonNull(dmPolicy, "dmPolicy is null");
        Objects.requireNonNull(groupPolicy, "groupPolicy is null");
        allowFrom = Set.copyOf(Objects.requireNonNull(allowFrom, "allowFrom is null"));
        groups = Set.copyOf(Objects.requireNonNull(groups, "groups is null"));
    }
}
