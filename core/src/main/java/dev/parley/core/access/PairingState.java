package dev.parley.core.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One channel's pairings as held in memory and in {@code pairing/<channel>.json}. Immutable: every change makes a
 * new state, which is written first and only then published, so a failed write leaves memory and disk agreeing.
 *
 * @param pending by sender id, oldest first
 * @param approved by sender id, in approval order
 */
record PairingState(Map<String, PendingPairing> pending, Map<String, ApprovedSender> approved) {
    static final PairingState EMPTY = new PairingState(Map.of(), Map.of());

    PairingState {
        pending = Map.copyOf(Objects.requireNonNull(pending, "pending is null"));
        approved = Map.copyOf(Objects.requireNonNull(approved, "approved is null"));
    }

    static PairingState of(List<PendingPairing> pending, List<ApprovedSender> approved) {
        Map<String, PendingPairing> p = new LinkedHashMap<>();
        pending.forEach(r -> p.put(r.senderId(), r));
        Map<String, ApprovedSender> a = new LinkedHashMap<>();
        approved.forEach(s -> a.put(s.senderId(), s));
        return new PairingState(p, a);
    }

    /** Pending requests oldest first (ties by code, so the order is stable across restarts). */
    List<PendingPairing> pendingList() {
        List<PendingPairing> list = new ArrayList<>(pending.values());
        list.sort((x, y) -> x.createdAt().equals(y.createdAt()) ? x.code().compareTo(y.code())
                : x.createdAt().compareTo(y.createdAt()));
        return list;
    }

    /** Approved senders by approval time, then sender id. */
    List<ApprovedSender> approvedList() {
        List<ApprovedSender> list = new ArrayList<>(approved.values());
        list.sort((x, y) -> x.approvedAt().equals(y.approvedAt()) ? x.senderId().compareTo(y.senderId())
                : x.approvedAt().compareTo(y.approvedAt()));
        return list;
    }

    boolean hasExpired(Instant now) {
        return pending.values().stream().anyMatch(p -> p.isExpiredAt(now));
    }

    PairingState withoutExpired(Instant now) {
        return of(pendingList().stream().filter(p -> !p.isExpiredAt(now)).toList(), approvedList());
    }

    PairingState withPending(PendingPairing request) {
        List<PendingPairing> list = new ArrayList<>(pendingList());
        list.add(request);
        return of(list, approvedList());
    }

    PairingState approve(PendingPairing request, Instant now) {
        List<ApprovedSender> list = new ArrayList<>(approvedList());
        list.add(new ApprovedSender(request.channel(), request.senderId(), now));
        return of(pendingList().stream().filter(p -> !p.senderId().equals(request.senderId())).toList(), list);
    }
}
