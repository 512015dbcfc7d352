package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.RepairResult;
import dev.parley.core.transcript.LineScanner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sessions.repair} (SPEC §3.1): keeps a {@code .corrupt-<ms>} copy, writes a {@code repaired} entry in
 * place of each unreadable line (its seq inferred from the line before, so seq stays dense when one line was
 * damaged), drops a torn tail, and swaps the new file in atomically (temp, force, rename, directory force).
 * A crash midway leaves either the old file or the new one, plus at most a stray temp file. Lane-only; the
 * session's files are closed by the caller.
 */
final class Repairer {
    private final StoreContext ctx;

    Repairer(StoreContext ctx) {
        this.ctx = ctx;
    }

    RepairResult repair(OpenSession s) throws IOException {
        LineScanner.Result r;
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            r = LineScanner.scan(ch, 0, 0, true, (e, off, end) -> { });
        }
        if (r.badLines().isEmpty() && r.tornFrom() < 0) {
            return new RepairResult(null, List.of(), false);
        }
        long now = ctx.now();
        Path backup = s.path.resolveSibling(s.path.getFileName() + ".corrupt-" + now);
        Files.copy(s.path, backup, StandardCopyOption.COPY_ATTRIBUTES);
        Path tmp = s.path.resolveSibling(s.path.getFileName() + ".repair-tmp");
        List<RepairResult.Removed> removed = new ArrayList<>();
        long keepUntil = r.tornFrom() >= 0 ? r.tornFrom() : r.validEnd();
        try (FileChannel in = FileChannel.open(s.path, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream os = Channels.newOutputStream(out);
            long pos = 0;
            for (long[] bad : r.badLines()) {
                copy(in, pos, bad[0] - pos, out);
                os.write(Json.line(repairedEntry(bad, now)));
                removed.add(new RepairResult.Removed(bad[0], bad[1]));
                pos = bad[0] + bad[1];
            }
            copy(in, pos, keepUntil - pos, out);
            out.force(true);
        }
        Files.move(tmp, s.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileOps.forceDirectory(s.path.getParent());
        s.meta.clearDerived();
        return new RepairResult(backup.getFileName().toString(), removed, r.tornFrom() >= 0);
    }

    private static void copy(FileChannel in, long from, long count, FileChannel out) throws IOException {
        long done = 0;
        while (done < count) {
            long n = in.transferTo(from + done, count - done, out);
            if (n <= 0) {
                throw new IOException("transcript shrank during repair");
            }
            done += n;
        }
    }

    private static ObjectNode repairedEntry(long[] bad, long now) {
        ObjectNode e = Json.object();
        e.put("seq", bad[2]);
        e.put("type", "repaired");
        e.put("timestamp", now);
        e.put("bytes", bad[1]);
        e.put("offset", bad[0]);
        return e;
    }
}
