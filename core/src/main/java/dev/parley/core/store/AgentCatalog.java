package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.MetadataFile;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.transcript.LineScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every agent's metadata store, loaded at start and flushed in batches (SPEC §3.2).
 *
 * <p>Design notes. The transcripts are the source of truth. At start each agent's
 * {@code session-metadata.json} is read; when it is missing or unparsable (moved aside as {@code .corrupt-<ms>})
 * it is rebuilt by scanning every transcript of that agent. When it loads, the directory is still listed once so
 * a transcript created after the last flush (a crash between creation and flush) is found and scanned, and one
 * moved to trash/ or archive/ after it replaces its stale entry; earlier lives of a key are kept flat in the
 * live entry's {@code previous}, oldest first. Flushes
 * write only agents whose {@code dirty} flag is set, atomically; an entry's snapshot is taken under its monitor.
 */
final class AgentCatalog {
    private static final System.Logger LOG = System.getLogger(AgentCatalog.class.getName());

    /** One agent's sessions directory and metadata. */
    static final class Agent {
        final String agentId;
        final Path dir;
        final MetadataFile file;
        final Map<String, SessionMeta> metas = new ConcurrentHashMap<>();
        final AtomicBoolean dirty = new AtomicBoolean();

        Agent(String agentId, Path dir) {
            this.agentId = agentId;
            this.dir = dir;
            this.file = new MetadataFile(dir);
        }
    }

    private final Path agentsDir;
    private final StoreContext ctx;
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();

    AgentCatalog(Path stateDir, StoreContext ctx) {
        this.agentsDir = stateDir.resolve("agents");
        this.ctx = ctx;
    }

    Collection<Agent> agents() {
        return agents.values();
    }

    Agent agent(String agentId) {
        return agents.computeIfAbsent(agentId, id -> new Agent(id, agentsDir.resolve(id).resolve("sessions")));
    }

    Agent existing(String agentId) {
        return agents.get(agentId);
    }

    /** Loads every agent directory under {@code agents/}. */
    void loadAll() throws IOException {
        Files.createDirectories(agentsDir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(agentsDir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p.resolve("sessions"))) {
                    load(agent(p.getFileName().toString()));
                }
            }
        }
    }

    private void load(Agent a) throws IOException {
        Map<String, SessionMeta> loaded = null;
        try {
            loaded = a.file.read(ctx.now()).orElse(null);
            if (loaded == null) {
                LOG.log(System.Logger.Level.WARNING, "metadata store of agent " + a.agentId
                        + " is missing; rebuilding from the transcripts");
            }
        } catch (MetadataFile.Unreadable e) {
            loaded = null;
        }
        if (loaded != null) {
            a.metas.putAll(loaded);
        } else {
            a.dirty.set(true);
        }
        reconcile(a);
    }

    /** Adds every transcript the store does not know (all of them when rebuilding). */
    private void reconcile(Agent a) throws IOException {
        // First drop entries whose transcript is gone (a crash after a delete or archive moved it, before the
        // flush): the moved file, and those of the entry's 'previous', are then adopted below like any unknown one.
        a.metas.values().removeIf(m -> {
            boolean missing = !Files.exists(a.dir.resolve(m.file()));
            if (missing) {
                LOG.log(System.Logger.Level.WARNING, "transcript " + m.file() + " of " + m.sessionKey
                        + " is missing; dropping its metadata entry");
                a.dirty.set(true);
            }
            return missing;
        });
        Set<String> known = new HashSet<>();
        for (SessionMeta m : a.metas.values()) {
            known.add(m.file());
            known.addAll(m.previousFiles());
        }
        for (Path f : list(a.dir, "*.jsonl")) {
            if (!known.contains(f.getFileName().toString())) {
                adopt(a, f, f.getFileName().toString(), "active");
            }
        }
        // Superseded lives oldest first: names are <stem>.<epochMs>.jsonl, so within one key name order is time order.
        List<Path> superseded = new ArrayList<>();
        for (String sub : List.of("trash", "archive")) {
            for (Path f : list(a.dir.resolve(sub), "*.jsonl")) {
                if (!known.contains(sub + "/" + f.getFileName())) {
                    superseded.add(f);
                }
            }
        }
        superseded.sort(Comparator.comparing(f -> f.getFileName().toString()));
        for (Path f : superseded) {
            String sub = f.getParent().getFileName().toString();
            adopt(a, f, sub + "/" + f.getFileName(), sub.equals("trash") ? "deleted" : "archived");
        }
    }

    private void adopt(Agent a, Path file, String rel, String status) throws IOException {
        SessionMeta meta = scanWhole(file, rel);
        if (meta == null && status.equals("active") && setAsideTornCreation(file)) {
            return;
        }
        if (meta == null) {
            LOG.log(System.Logger.Level.WARNING, "ignoring " + file + ": no readable session header");
            return;
        }
        meta.setStatus(status, rel);
        SessionMeta live = a.metas.get(meta.sessionKey);
        if (live == null) {
            a.metas.put(meta.sessionKey, meta);
        } else if (live.status().equals("active") && !status.equals("active")) {
            live.addPrevious(meta.toJson(ctx.now())); // an earlier life of the live session
        } else {
            // the live one is superseded too and this one is newer (superseded files come oldest first)
            meta.addPrevious(live.toJson(ctx.now()));
            a.metas.put(meta.sessionKey, meta);
        }
        ctx.stats().rebuiltSessions.increment();
        a.dirty.set(true);
        LOG.log(System.Logger.Level.INFO, "rebuilt metadata of " + meta.sessionKey + " from " + rel);
    }

    /**
     * A crash between creating a transcript and writing its header leaves a file with no valid line (empty, or a
     * torn header). Its key cannot be known, and the file would make every later creation of that key fail: it is
     * moved aside whole as {@code .torn-<ms>} (counted as a torn tail when it held bytes). Returns false, leaving
     * the file alone, when it holds any valid line or a corrupt one.
     */
    private boolean setAsideTornCreation(Path file) throws IOException {
        long size;
        LineScanner.Result r;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            r = LineScanner.scan(ch, 0, 0, false, (e, off, end) -> { });
        }
        if (r.validEnd() > 0 || r.corruptOffset() >= 0) {
            return false;
        }
        Path torn = file.resolveSibling(file.getFileName() + ".torn-" + ctx.now());
        Files.move(file, torn);
        FileOps.forceDirectory(file.getParent());
        if (size > 0) {
            ctx.stats().tornTails.increment();
        }
        LOG.log(System.Logger.Level.WARNING, "transcript " + file.getFileName() + " has no header (" + size
                + " bytes: a crash while creating it); kept as " + torn.getFileName());
        return true;
    }

    /** Full scan of one transcript into a fresh entry (no repair: the session repairs itself when opened). */
    private SessionMeta scanWhole(Path file, String rel) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ObjectNode header = LineScanner.readLine(ch, 0);
            if (header == null || !header.path("sessionKey").isTextual()) {
                return null;
            }
            String key;
            try {
                key = SessionKey.parse(header.get("sessionKey").asText(), "main").format();
            } catch (RuntimeException e) {
                return null;
            }
            SessionMeta meta = new SessionMeta(key, rel);
            LineScanner.scan(ch, 0, 0, false, (e, off, end) -> meta.apply(e, off, end));
            meta.setEstimatedTokens(-1);
            return meta;
        }
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(out::add);
        }
        return out;
    }

    /** Writes every dirty agent. Returns false when a write failed (it stays dirty and is retried). */
    boolean flush() {
        boolean ok = true;
        for (Agent a : agents.values()) {
            if (!a.dirty.getAndSet(false)) {
                continue;
            }
            try {
                a.file.write(a.metas.values(), ctx.now());
                ctx.stats().metadataFlushes.increment();
            } catch (IOException | RuntimeException e) {
                a.dirty.set(true);
                ok = false;
                LOG.log(System.Logger.Level.ERROR, "writing metadata of agent " + a.agentId + " failed: " + e);
            }
        }
        return ok;
    }
}
