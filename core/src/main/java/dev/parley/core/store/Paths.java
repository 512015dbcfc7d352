package dev.parley.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Path containment checks: nothing Parley writes may resolve outside the state dir, symlinks included. */
final class Paths {
    private Paths() {}

    /** {@code dir/name}, checked to stay under {@code stateDir} (after resolving symlinks of existing parents). */
    static Path checkedChild(Path stateDir, Path dir, String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IOException("unsafe file name: " + name);
        }
        Path root = stateDir.toAbsolutePath().normalize();
        Path child = dir.resolve(name).toAbsolutePath().normalize();
        if (!child.startsWith(root) || !child.getParent().equals(dir.toAbsolutePath().normalize())) {
            throw new IOException("path escapes the state dir: " + child);
        }
        Path realRoot = root.toRealPath();
        Path existing = child.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
            throw new IOException("path escapes the state dir through a symlink: " + child);
        }
        return child;
    }
}
