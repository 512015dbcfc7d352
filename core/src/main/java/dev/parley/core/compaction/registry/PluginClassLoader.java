package dev.parley.core.compaction.registry;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * The class loader of one plugin jar. Parent-first (the parent is the application's loader, so the SPI types are
 * shared), except for {@code META-INF/services/} files: those come from this jar only, so a
 * {@link java.util.ServiceLoader} over this loader sees the jar's providers and not the built-ins again.
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String SERVICES = "META-INF/services/";

    static {
        registerAsParallelCapable();
    }

    private final Path jar;

    PluginClassLoader(Path jar, ClassLoader parent) throws IOException {
        super("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
        this.jar = jar;
    }

    Path jar() {
        return jar;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(SERVICES) ? findResources(name) : super.getResources(name);
    }
}
