package dev.parley.core.access;

import dev.parley.core.error.ParleyException;
import dev.parley.core.key.InvalidSessionKeyException;
import dev.parley.core.key.Scope;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Inbound access control (SPEC §10.3): decides whether a {@code messages.inbound} message may go on to session
 * resolution, and fronts {@code pairing.list} / {@code pairing.approve}.
 *
 * <p>Rules, per channel ({@link AccessPolicies}):
 * <ul>
 *   <li>The <b>sender</b> is {@code senderId}, or {@code peer.id} when {@code senderId} is absent or blank; ids
 *       match exactly (case preserved). {@code allow-from} is matched against the sender only, never against
 *       {@code peer.id} when a {@code senderId} was given.</li>
 *   <li><b>dm</b> peers follow {@code dm-policy}: {@code open} allows; {@code disabled} drops ({@code dm_disabled});
 *       {@code allowlist} allows senders in {@code allow-from} ({@code not_allowlisted} otherwise);
 *       {@code pairing} allows senders in {@code allow-from} and approved senders, and drops everyone else with
 *       {@code pairing_required} and their code, or {@code pairing_pending_limit} when the channel already has
 *       {@value PairingStore#MAX_PENDING} pending requests.</li>
 *   <li>Approved pairings count under {@code pairing} only. Under {@code allowlist} the operator chose an explicit
 *       list; a code approved while the channel was in pairing mode must not widen it silently.</li>
 *   <li><b>group</b> and <b>thread</b> peers follow {@code group-policy}, with {@code groups} matched against
 *       {@code peer.id}. SPEC §2 makes {@code thread} a peer kind of its own but §10.3 names only dm and group
 *       policies; a thread is a conversation inside a group, so it gets the group's rules (list thread ids in
 *       {@code groups} to allow them). Sender lists play no part for groups.</li>
 * </ul>
 * Every drop is counted per {@link DropReason} (exported as {@code parley_inbound_dropped_total{reason}}) and
 * logged at debug. Thread-safe. {@link #check}, {@link #list} and {@link #approve} may block on the pairing file:
 * call them from a worker thread.
 */
public final class AccessControl {
    private static final System.Logger LOG = System.getLogger(AccessControl.class.getName());

    private final AccessPolicies policies;
    private final PairingStore pairings;
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

    public AccessControl(AccessPolicies policies, PairingStore pairings) {
        this.policies = Objects.requireNonNull(policies, "policies is null");
        this.pairings = Objects.requireNonNull(pairings, "pairings is null");
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    /**
     * @param channel matched ASCII-case-insensitively
     * @param peerKind {@code dm}, {@code group} or {@code thread} (aliases {@code direct}, {@code channel})
     * @param senderId may be null
     * @throws ParleyException {@code INVALID_PARAMS} (field {@code channel}, {@code peer.kind} or {@code peer.id});
     *     {@code STORAGE_FAILED} when a new pairing request cannot be persisted
     */
    public Decision check(String channel, String peerKind, String peerId, String senderId) {
        String ch = ChannelNames.canonical(channel);
        Scope scope = scope(peerKind);
        if (peerId == null || peerId.isBlank()) {
            throw ParleyException.invalidParams("peer.id", "peer.id is required and may not be blank");
        }
        String sender = senderId == null || senderId.isBlank() ? peerId : senderId;
        ChannelPolicy policy = policies.forChannel(ch);
        Decision decision = scope == Scope.DM ? direct(ch, policy, sender) : group(policy, peerId);
        if (decision.dropped()) {
            drops.get(decision.reason()).increment();
            LOG.log(Level.DEBUG, () -> "inbound dropped: channel=" + ch + " scope=" + scope.wire() + " sender="
                    + sender + " peer=" + peerId + " reason=" + decision.reason().wire());
        }
        return decision;
    }

    /**
     * {@code pairing.list}: every channel's pairings when {@code channel} is null.
     *
     * @throws ParleyException {@code INVALID_PARAMS} (field {@code channel}) or {@code STORAGE_FAILED}
     */
    public PairingList list(String channel) {
        String ch = channel == null ? null : ChannelNames.canonical(channel);
        try {
            return pairings.list(ch);
        } catch (IOException e) {
            throw ParleyException.storage("cannot read the pairing files", e);
        }
    }

    /**
     * {@code pairing.approve}: the code's sender is allowed from then on (under {@code dm-policy=pairing}).
     *
     * @throws ParleyException {@code INVALID_PARAMS} (field {@code channel} or {@code code}) or
     *     {@code STORAGE_FAILED}
     */
    public ApprovedSender approve(String channel, String code) {
        String ch = ChannelNames.canonical(channel);
        try {
            ApprovedSender approved = pairings.approve(ch, code);
            LOG.log(Level.INFO, "pairing approved: channel={0} sender={1}", ch, approved.senderId());
            return approved;
        } catch (IOException e) {
            throw ParleyException.storage("cannot write the pairing file of channel " + ch, e);
        }
    }

    /** Messages dropped so far for {@code reason}: the value of {@code parley_inbound_dropped_total{reason}}. */
    public long droppedCount(DropReason reason) {
        return drops.get(Objects.requireNonNull(reason, "reason is null")).sum();
    }

    private Decision direct(String channel, ChannelPolicy policy, String sender) {
        return switch (policy.dmPolicy()) {
            case OPEN -> Decision.allow();
            case DISABLED -> Decision.drop(DropReason.DM_DISABLED);
            case ALLOWLIST -> policy.allowFrom().contains(sender) ? Decision.allow()
                    : Decision.drop(DropReason.NOT_ALLOWLISTED);
            case PAIRING -> policy.allowFrom().contains(sender) ? Decision.allow() : pairing(channel, sender);
        };
    }

    private Decision pairing(String channel, String sender) {
        PairingStore.Admission admission;
        try {
            admission = pairings.admit(channel, sender);
        } catch (IOException e) {
            throw ParleyException.storage("cannot write the pairing file of channel " + channel, e);
        }
        if (admission.approved()) {
            return Decision.allow();
        }
        return admission.pending() != null ? Decision.pairingRequired(admission.pending())
                : Decision.drop(DropReason.PAIRING_PENDING_LIMIT);
    }

    private static Decision group(ChannelPolicy policy, String peerId) {
        return switch (policy.groupPolicy()) {
            case OPEN -> Decision.allow();
            case DISABLED -> Decision.drop(DropReason.GROUP_DISABLED);
            case ALLOWLIST -> policy.groups().contains(peerId) ? Decision.allow()
                    : Decision.drop(DropReason.GROUP_NOT_ALLOWED);
        };
    }

    private static Scope scope(String peerKind) {
        try {
            return Scope.parse(peerKind);
        } catch (InvalidSessionKeyException e) {
            throw ParleyException.invalidParams("peer.kind", "invalid peer.kind: " + e.getMessage());
        }
    }
}
