package dev.parley.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.store.FileOps;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of {@code <stateDir>/pairing/<channel>.json}:
 * <pre>
 * {"version":1,"channel":"telegram",
 *  "pending":[{"code":"K7QH2RXP","senderId":"123","channel":"telegram",
 *              "createdAt":"2026-01-27T11:00:00Z","expiresAt":"2026-01-27T12:00:00Z"}],
 *  "approved":[{"senderId":"456","approvedAt":"2026-01-27T11:05:00Z"}]}
 * </pre>
 * Writes replace the file atomically ({@link FileOps#writeAtomically}: temp file, force, rename, directory force).
 * A file that is not exactly this shape is renamed to {@code <channel>.json.corrupt-<epochMs>} (never overwritten
 * blindly) and the channel starts empty; an I/O failure is not corruption and propagates.
 */
final class PairingFile {
    private static final System.Logger LOG = System.getLogger(PairingFile.class.getName());
    private static final int VERSION = 1;

    private PairingFile() {}

    static PairingState read(Path file, String channel, InstantSource clock) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return PairingState.EMPTY;
        }
        try {
            return parse(Json.MAPPER.readTree(bytes), channel);
        } catch (IOException | RuntimeException e) {
            Path aside = moveAside(file, clock);
            LOG.log(Level.WARNING, "pairing file {0} is unreadable ({1}); kept as {2}, channel {3} starts with no "
                    + "pairings", file, e.getMessage(), aside.getFileName(), channel);
            return PairingState.EMPTY;
        }
    }

    static void write(Path file, PairingState state, String channel) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            FileOps.forceDirectory(dir.getParent());
        }
        FileOps.writeAtomically(file, Json.line(render(state, channel)));
    }

    private static ObjectNode render(PairingState state, String channel) {
        ObjectNode root = Json.object().put("version", VERSION).put("channel", channel);
        ArrayNode pending = root.putArray("pending");
        state.pendingList().forEach(p -> pending.addObject().put("code", p.code()).put("senderId", p.senderId())
                .put("channel", p.channel()).put("createdAt", p.createdAt().toString())
                .put("expiresAt", p.expiresAt().toString()));
        ArrayNode approved = root.putArray("approved");
        state.approvedList().forEach(a -> approved.addObject().put("senderId", a.senderId())
                .put("approvedAt", a.approvedAt().toString()));
        return root;
    }

    /** @throws IllegalArgumentException (or another runtime exception) when the document is not a pairing file */
    private static PairingState parse(JsonNode root, String channel) {
        require(root != null && root.isObject(), "not a JSON object");
        require(root.path("version").asInt(-1) == VERSION, "version is not " + VERSION);
        require(channel.equals(root.path("channel").asText(null)), "channel is not " + channel);
        List<PendingPairing> pending = new ArrayList<>();
        for (JsonNode p : array(root, "pending")) {
            pending.add(new PendingPairing(text(p, "code"), text(p, "senderId"), text(p, "channel"),
                    Instant.parse(text(p, "createdAt")), Instant.parse(text(p, "expiresAt"))));
            require(channel.equals(p.get("channel").asText()), "a pending request names another channel");
        }
        List<ApprovedSender> approved = new ArrayList<>();
        for (JsonNode a : array(root, "approved")) {
            approved.add(new ApprovedSender(channel, text(a, "senderId"), Instant.parse(text(a, "approvedAt"))));
        }
        PairingState state = PairingState.of(pending, approved);
        require(state.pending().size() == pending.size(), "a sender has two pending requests");
        require(state.pendingList().stream().map(PendingPairing::code).distinct().count() == pending.size(),
                "two pending requests share a code");
        return state;
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode node = root.get(field);
        require(node != null && node.isArray(), field + " is not an array");
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        require(value != null && value.isTextual(), field + " is not a string");
        return value.asText();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static Path moveAside(Path file, InstantSource clock) throws IOException {
        String base = file.getFileName() + ".corrupt-" + clock.millis();
        for (int attempt = 0; ; attempt++) {
            Path aside = file.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
            try {
                // No ATOMIC_MOVE: on Linux it would silently replace an existing target. A plain move within one
                // directory is still a rename, and it refuses to overwrite.
                Files.move(file, aside);
                FileOps.forceDirectory(file.getParent());
                return aside;
            } catch (FileAlreadyExistsException e) {
                // Two corrupt files in the same millisecond: try the next suffix.
            }
        }
    }
}
