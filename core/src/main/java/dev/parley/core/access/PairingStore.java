package dev.parley.core.access;

import dev.parley.core.error.ParleyException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Pending and approved pairings per channel, persisted in {@code <stateDir>/pairing/<channel>.json} (SPEC §3, §10.3).
 *
 * <p>Design notes.
 * <ul>
 *   <li><b>Names before paths.</b> Every public method checks the channel against {@code [a-z0-9][a-z0-9_-]{0,31}}
 *       before any path is built, so no input can reach outside {@code pairing/}.</li>
 *   <li><b>One lock.</b> All methods are {@code synchronized} on the store: pairing traffic is tiny (a few requests
 *       an hour) and the hot path, {@link #admit}, is a map lookup once the channel is cached. The lock is held
 *       across the file write, so writes of one channel never interleave and the fixed temp name is safe.</li>
 *   <li><b>Write, then publish.</b> A change builds a new immutable {@link PairingState}, writes it atomically and
 *       only then replaces the cached one; when the write fails, memory still matches the disk.</li>
 *   <li><b>Lazy expiry.</b> Expired requests are dropped (and the file rewritten) when their channel is next
 *       touched; until then they are invisible to every method.</li>
 *   <li><b>Limit.</b> At most {@value #MAX_PENDING} unexpired requests per channel. When full, a new sender gets no
 *       code (it is refused) rather than evicting the oldest: otherwise a stranger could invalidate, by sending a few
 *       messages, the code a legitimate user is reading out to the operator.</li>
 *   <li>A sender asking again while its request is pending gets the same code and expiry (no refresh: a code
 *       lives 1 h from its first issue).</li>
 * </ul>
 * Methods block on file I/O: call them from a worker thread. One process owns the state dir (SPEC §3.2), so there
 * is no cross-process locking.
 */
public final class PairingStore {
    /** How long a pairing code can be approved. */
    public static final Duration CODE_TTL = Duration.ofHours(1);
    /** Unexpired pending requests allowed per channel. */
    public static final int MAX_PENDING = 3;

    private final Path dir;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, PairingState> cache = new HashMap<>();

    /** @param stateDir {@code parley.state-dir}; files live in its {@code pairing/} directory (made on first write) */
    public PairingStore(Path stateDir, InstantSource clock) {
        this(stateDir, clock, new SecureRandom());
    }

    PairingStore(Path stateDir, InstantSource clock, RandomGenerator random) {
        this.dir = Objects.requireNonNull(stateDir, "stateDir is null").resolve("pairing");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /**
     * The outcome of {@link #admit}: the sender is approved, or holds a pending request, or neither because the
     * channel's pending requests are full.
     */
    record Admission(boolean approved, PendingPairing pending) {
        static final Admission APPROVED = new Admission(true, null);
        static final Admission LIMIT_REACHED = new Admission(false, null);
    }

    /**
     * Lets an approved sender through, else hands out (or repeats) its pairing code.
     *
     * @param channel a canonical channel name
     * @throws IllegalArgumentException for an invalid channel name (nothing touches the disk)
     */
    synchronized Admission admit(String channel, String senderId) throws IOException {
        ChannelNames.require(channel);
        Objects.requireNonNull(senderId, "senderId is null");
        Instant now = now();
        PairingState state = load(channel, now);
        if (state.approved().containsKey(senderId)) {
            return Admission.APPROVED;
        }
        PendingPairing existing = state.pending().get(senderId);
        if (existing != null) {
            return new Admission(false, existing);
        }
        if (state.pending().size() >= MAX_PENDING) {
            return Admission.LIMIT_REACHED;
        }
        PendingPairing request = new PendingPairing(freshCode(state), senderId, channel, now, now.plus(CODE_TTL));
        store(channel, state.withPending(request));
        return new Admission(false, request);
    }

    /**
     * Pending requests and approved senders of one channel, or of every channel with a pairing file when
     * {@code channel} is null; pending oldest first, approved in approval order, channels by name.
     *
     * @throws IllegalArgumentException for an invalid channel name (nothing touches the disk)
     */
    public synchronized PairingList list(String channel) throws IOException {
        Instant now = now();
        List<PendingPairing> pending = new ArrayList<>();
        List<ApprovedSender> approved = new ArrayList<>();
        for (String c : channel == null ? channelsOnDisk() : List.of(ChannelNames.require(channel))) {
            PairingState state = load(c, now);
            pending.addAll(state.pendingList());
            approved.addAll(state.approvedList());
        }
        return new PairingList(pending, approved);
    }

    /**
     * Approves a pending code: its sender is allowed from then on. The code is matched after trimming and
     * upper-casing.
     *
     * @throws ParleyException {@code INVALID_PARAMS} with field {@code code} for a malformed, unknown or expired code
     * @throws IllegalArgumentException for an invalid channel name (nothing touches the disk)
     */
    public synchronized ApprovedSender approve(String channel, String code) throws IOException {
        ChannelNames.require(channel);
        String wanted = PairingCodes.normalise(code);
        if (!PairingCodes.isWellFormed(wanted)) {
            throw ParleyException.invalidParams("code", "a pairing code is " + PairingCodes.LENGTH
                    + " characters of " + PairingCodes.ALPHABET);
        }
        Instant now = now();
        PairingState state = load(channel, now);
        PendingPairing request = state.pending().values().stream().filter(p -> p.code().equals(wanted))
                .findFirst().orElseThrow(() -> ParleyException.invalidParams("code",
                        "no pending pairing with code " + wanted + " on channel " + channel + " (unknown or expired)"));
        PairingState next = state.approve(request, now);
        store(channel, next);
        return next.approved().get(request.senderId());
    }

    private PairingState load(String channel, Instant now) throws IOException {
        PairingState state = cache.get(channel);
        if (state == null) {
            state = PairingFile.read(file(channel), channel, clock);
            cache.put(channel, state);
        }
        if (state.hasExpired(now)) {
            state = state.withoutExpired(now);
            store(channel, state);
        }
        return state;
    }

    private void store(String channel, PairingState state) throws IOException {
        PairingFile.write(file(channel), state, channel);
        cache.put(channel, state);
    }

    private Path file(String channel) {
        return dir.resolve(ChannelNames.require(channel) + ".json");
    }

    private List<String> channelsOnDisk() throws IOException {
        TreeSet<String> channels = new TreeSet<>(cache.keySet());
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    String c = name.substring(0, name.length() - ".json".length());
                    if (ChannelNames.isValid(c) && Files.isRegularFile(f)) {
                        channels.add(c);
                    }
                }
            }
        }
        return List.copyOf(channels);
    }

    private String freshCode(PairingState state) {
        while (true) {
            String code = PairingCodes.next(random);
            if (state.pending().values().stream().noneMatch(p -> p.code().equals(code))) {
                return code;
            }
        }
    }

    /** Millisecond precision, so what is written reads back equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
