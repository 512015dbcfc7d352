package dev.parley.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** File-system snapshots for "nothing was written" checks. */
public final class FileTree {

    private FileTree() {}

    /** Relative path → size (−1 for directories) of everything under {@code root}, skipping {@code exclude}. */
    public static Map<String, Long> snapshot(Path root, Path exclude) throws IOException {
        Map<String, Long> entries = new TreeMap<>();
        if (!Files.exists(root)) {
            return entries;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (exclude != null && dir.equals(exclude)) {
                    entries.put(root.relativize(dir) + "/", -1L);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                entries.put(root.relativize(dir) + "/", -1L);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                entries.put(root.relativize(file).toString(), attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    /** Paths under {@code root} (to {@code depth}) whose name contains {@code fragment}, case-insensitively. */
    public static List<Path> named(Path root, String fragment, int depth) {
        List<Path> found = new ArrayList<>();
        String needle = fragment.toLowerCase(Locale.ROOT);
        try {
            Files.walkFileTree(root, java.util.Set.of(), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    check(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    check(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // other users' files in a shared tmp dir
                }

                private void check(Path p) {
                    if (p.getFileName() != null
                            && p.getFileName().toString().toLowerCase(Locale.ROOT).contains(needle)) {
                        found.add(p);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
