package dev.parley.core.store;

import dev.parley.core.error.ParleyException;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.transcript.FsyncMode;
import dev.parley.core.transcript.LineScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The transcript files of {@link FileSessionStore}: creating a new one (setting aside a header-less leftover) and
 * the lifecycle moves: delete (to {@code trash/}), archive, restore, the trash purge, adopting an imported one.
 * Every per-session method runs on that session's lane, like the store's own; moves are atomic and their
 * directories are forced.
 */
final class SessionFiles {
    private static final System.Logger LOG = System.getLogger(FileSessionStore.class.getName()); // as before the split

    private final FileSessionStore store;
    private final Path stateDir;
    private final StoreContext ctx;
    private final AgentCatalog catalog;
    private final SessionIndex index;

    SessionFiles(FileSessionStore store, StoreContext ctx, AgentCatalog catalog, SessionIndex index) {
        this.store = store;
        this.stateDir = ctx.options().stateDir();
        this.ctx = ctx;
        this.catalog = catalog;
        this.index = index;
    }

    /** Lane: see {@link FileSessionStore#delete}. */
    void delete(SessionKey key) throws IOException {
        OpenSession s = store.require(key);
        AgentCatalog.Agent agent = catalog.agent(key.agentId());
        store.closeSession(s.keyString);
        Path trash = agent.dir.resolve("trash");
        Files.createDirectories(trash);
        String name = FileStems.stem(key) + "." + ctx.now() + ".jsonl";
        Files.move(s.path, trash.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        FileOps.forceDirectory(agent.dir);
        FileOps.forceDirectory(trash);
        s.meta.setStatus("deleted", "trash/" + name);
        s.meta.setEstimatedTokens(-1); // a derived cache of the live view; a rebuild from trash/ cannot know it
        index.remove(s.keyString);
        agent.dirty.set(true);
    }

    /** Lane: see {@link FileSessionStore#archive}. */
    void archive(SessionKey key, String status) throws IOException {
        OpenSession s = store.require(key);
        AgentCatalog.Agent agent = catalog.agent(key.agentId());
        store.closeSession(s.keyString);
        Path archive = agent.dir.resolve("archive");
        Files.createDirectories(archive);
        String name = FileStems.stem(key) + "." + ctx.now() + ".jsonl";
        Files.move(s.path, archive.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        FileOps.forceDirectory(agent.dir);
        FileOps.forceDirectory(archive);
        s.meta.setStatus(status, "archive/" + name);
        agent.dirty.set(true);
    }

    /** Lane: see {@link FileSessionStore#restore}. */
    void restore(SessionKey key) throws IOException {
        SessionMeta m = store.meta(key);
        if (m == null) {
            throw ParleyException.notFound(key.format());
        }
        if (!m.status().equals("archived")) {
            throw ParleyException.conflict("session " + key.format() + " is " + m.status() + ", not archived");
        }
        AgentCatalog.Agent agent = catalog.agent(key.agentId());
        String live = FileStems.stem(key) + ".jsonl";
        Path target = Paths.checkedChild(stateDir, agent.dir, live);
        if (Files.exists(target)) {
            throw ParleyException.conflict("a live transcript for " + key.format() + " exists; not restoring over it");
        }
        Files.move(agent.dir.resolve(m.file()), target, StandardCopyOption.ATOMIC_MOVE);
        FileOps.forceDirectory(agent.dir);
        m.setStatus("active", live);
        agent.dirty.set(true);
    }

    /** See {@link FileSessionStore#purgeTrash}. */
    int purgeTrash(long retentionMs) throws IOException {
        int purged = 0;
        long cutoff = ctx.now() - retentionMs;
        for (AgentCatalog.Agent a : catalog.agents()) {
            Path trash = a.dir.resolve("trash");
            if (!Files.isDirectory(trash)) {
                continue;
            }
            try (var files = Files.list(trash)) {
                for (Path f : files.toList()) {
                    if (trashedAt(f.getFileName().toString()) < cutoff && Files.deleteIfExists(f)) {
                        purged++;
                    }
                }
            }
        }
        return purged;
    }

    /** The epoch millis in a trashed file's name ({@code <stem>.<ms>.jsonl}); never when unreadable. */
    private static long trashedAt(String n) {
        int dot = n.lastIndexOf('.', n.length() - ".jsonl".length() - 1);
        return dot < 0 ? Long.MAX_VALUE : parseOr(n.substring(dot + 1, n.length() - ".jsonl".length()));
    }

    private static long parseOr(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Lane: see {@link FileSessionStore#adoptImported}. */
    void adoptImported(SessionKey key) throws IOException {
        AgentCatalog.Agent agent = catalog.agent(key.agentId());
        String fileName = FileStems.stem(key) + ".jsonl";
        Path path = Paths.checkedChild(stateDir, agent.dir, fileName);
        SessionMeta meta = new SessionMeta(key.format(), fileName);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            LineScanner.scan(ch, 0, 0, false, (e, off, end) -> meta.apply(e, off, end));
        }
        meta.setEstimatedTokens(-1);
        SessionMeta superseded = agent.metas.get(key.format());
        if (superseded != null) {
            meta.addPrevious(superseded.toJson(ctx.now()));
        }
        agent.metas.put(key.format(), meta);
        agent.dirty.set(true);
        store.indexPut(key, meta.lastActiveAt());
    }

    /** Lane: creates a new session's transcript file (CREATE_NEW) and forces its directory. */
    void create(OpenSession s, AgentCatalog.Agent agent) throws IOException {
        Files.createDirectories(agent.dir);
        try {
            s.channel = ctx.channels().open(s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            setAsideHeaderless(s.path);
            s.channel = ctx.channels().open(s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        if (ctx.options().fsync() != FsyncMode.NEVER) {
            FileOps.forceDirectory(agent.dir);
        }
    }

    /**
     * A file without a complete header is what a crash between creating a transcript and writing its first
     * (never acknowledged) batch leaves behind. It holds no acknowledged entry: keep it as {@code .torn-<ms>}
     * and start afresh. A file with a header is never touched here.
     */
    private void setAsideHeaderless(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (LineScanner.readLine(ch, 0) != null) {
                throw new IOException("transcript " + path.getFileName() + " exists but is not in the metadata store");
            }
        }
        Path aside = path.resolveSibling(path.getFileName() + ".torn-" + ctx.now());
        Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        ctx.stats().tornTails.increment();
        LOG.log(System.Logger.Level.WARNING, "transcript " + path.getFileName() + " had no complete header "
                + "(crash while creating it); kept as " + aside.getFileName());
    }
}
