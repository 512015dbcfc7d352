package dev.parley.core.compaction.registry;

import dev.parley.compaction.spi.CompactorProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a third-party plugin jar during a test, the way a plugin author would: the sources of a separate tree are
 * compiled with the system Java compiler against <em>only</em> the compaction-spi classes, then jarred with their
 * resources (e.g. {@code META-INF/services/…}). Reusable from other modules through core's test-jar:
 *
 * <pre>{@code
 * Path jar = PluginJars.build(PluginJars.testPlugin("tail-keeper"), stateDir.resolve("plugins/tail-keeper.jar"));
 * }</pre>
 *
 * The test plugins live under {@code core/src/test/resources/plugins/<name>/src/} (not compiled by Maven).
 */
public final class PluginJars {
    private static final FileTime FIXED_TIME = FileTime.fromMillis(946_684_800_000L); // 2000-01-01, reproducible

    private PluginJars() {}

    /**
     * Compiles every {@code .java} file under {@code srcDir} against the SPI and writes {@code outJar} with the
     * classes and every other file of the tree as a resource.
     *
     * @return {@code outJar}
     * @throws IllegalStateException with the compiler's diagnostics when compilation fails
     */
    public static Path build(Path srcDir, Path outJar) throws IOException {
        Path classes = Files.createTempDirectory("plugin-classes");
        try {
            compile(srcDir, classes);
            copyResources(srcDir, classes);
            if (outJar.getParent() != null) {
                Files.createDirectories(outJar.getParent());
            }
            jar(classes, outJar);
            return outJar;
        } finally {
            deleteTree(classes);
        }
    }

    /**
     * The source tree of test plugin {@code name} ({@code plugins/<name>/src} on the test class path). When it sits
     * inside a jar (core's test-jar used from another module), it is copied to a temporary directory first.
     */
    public static Path testPlugin(String name) throws IOException {
        String resource = "plugins/" + name + "/src";
        URL url = PluginJars.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test plugin " + resource + " on the class path");
        }
        try {
            URI uri = url.toURI();
            if ("file".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            Path copy = Files.createTempDirectory("plugin-src-" + name);
            FileSystem fs = jarFileSystem(uri);
            copyTree(fs.provider().getPath(uri), copy);
            return copy;
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + url, e);
        }
    }

    /** Where the compaction-spi classes are: the only class path plugins are compiled against. */
    public static Path spiClassPath() {
        try {
            return Path.of(CompactorProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(Path srcDir, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        List<Path> sources;
        try (Stream<Path> s = Files.walk(srcDir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-encoding", "UTF-8",
                    "-classpath", spiClassPath().toString(), "-d", classes.toString());
            boolean ok = javac.getTask(diagnostics, fm, null, options, null,
                    fm.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                throw new IllegalStateException("compiling the plugin in " + srcDir + " failed:\n" + diagnostics);
            }
        }
    }

    private static void copyResources(Path srcDir, Path classes) throws IOException {
        try (Stream<Path> s = Files.walk(srcDir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".java")).toList()) {
                Path target = classes.resolve(srcDir.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    private static void jar(Path classes, Path outJar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(outJar); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                JarEntry e = new JarEntry(classes.relativize(f).toString().replace('\\', '/'));
                e.setLastModifiedTime(FIXED_TIME);
                jar.putNextEntry(e);
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
