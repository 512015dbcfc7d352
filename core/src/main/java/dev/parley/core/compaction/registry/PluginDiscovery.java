package dev.parley.core.compaction.registry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Finds providers on the application class path ({@code built-in}) and in plugin jars, one class loader per jar.
 * Every provider is loaded inside its own try/catch: one that fails to load, to construct or to name itself is
 * skipped with a WARNING naming the jar and, where known, the class. Single-threaded; used once by the builder.
 */
final class PluginDiscovery {
    private static final System.Logger LOG = System.getLogger(PluginDiscovery.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** A safety stop for a service iterator that keeps failing without advancing. */
    private static final int MAX_FAILURES_PER_SOURCE = 100;

    final List<Registered> registered = new ArrayList<>();
    final List<PluginClassLoader> loaders = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    /**
     * @param app            the application's class loader (built-ins; the parent of every plugin loader)
     * @param stateDirPlugins {@code <stateDir>/plugins}, or null; a missing directory means no plugins
     * @param extraDir       {@code parley.plugins.dir}, or null; a missing directory is warned about
     */
    static PluginDiscovery discover(ClassLoader app, Path stateDirPlugins, Path extraDir) {
        PluginDiscovery d = new PluginDiscovery();
        for (ProviderKind kind : ProviderKind.values()) {
            d.scan(kind, app, Registered.BUILT_IN, "the class path", null);
        }
        Set<Path> jars = new LinkedHashSet<>();
        d.listJars(stateDirPlugins, false, jars);
        d.listJars(extraDir, true, jars);
        for (Path jar : jars) {
            d.scanJar(jar, app);
        }
        return d;
    }

    /** Fails when two providers of one kind share a name, naming every candidate. */
    void requireUniqueNames() {
        Map<String, List<Registered>> byName = new LinkedHashMap<>();
        for (Registered r : registered) {
            byName.computeIfAbsent(r.kind().label + " '" + r.name() + "'", k -> new ArrayList<>()).add(r);
        }
        List<String> problems = new ArrayList<>();
        byName.forEach((what, candidates) -> {
            if (candidates.size() > 1) {
                problems.add("Two or more providers of " + what + ": " + String.join(" and ",
                        candidates.stream().map(Registered::origin).toList())
                        + "; remove or rename one of the plugins");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
    }

    private void listJars(Path dir, boolean configured, Set<Path> out) {
        if (dir == null) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            if (configured || Files.exists(dir)) {
                warn("Plugin directory " + dir + " is not a directory; no plugins loaded from it");
            }
            return;
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            ds.forEach(jars::add);
        } catch (IOException e) {
            warn("Cannot list plugin directory " + dir + ": " + e);
            return;
        }
        jars.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path jar : jars) {
            try {
                out.add(jar.toRealPath());
            } catch (IOException e) {
                warn("Skipped plugin jar " + jar.getFileName() + " (" + jar + "): " + e);
            }
        }
    }

    private void scanJar(Path jar, ClassLoader app) {
        String source = jar.getFileName().toString();
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // opened only to reject a file that is not a jar with a clear message
        } catch (IOException e) {
            warn("Skipped plugin jar " + source + " (" + jar + "): not a readable jar: " + e.getMessage());
            return;
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(jar, app);
        } catch (IOException e) {
            warn("Skipped plugin jar " + source + " (" + jar + "): " + e);
            return;
        }
        int before = registered.size();
        for (ProviderKind kind : ProviderKind.values()) {
            scan(kind, loader, source, jar.toString(), loader);
        }
        if (registered.size() == before) {
            warn("Plugin jar " + source + " (" + jar + ") registered no providers");
            closeQuietly(loader);
        } else {
            loaders.add(loader);
        }
    }

    private void scan(ProviderKind kind, ClassLoader loader, String source, String location,
                      PluginClassLoader own) {
        Iterator<?> it = ServiceLoader.load(kind.type, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES_PER_SOURCE) {
            Object provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                failures++;
                skip(kind, source, location, describe(e));
                continue;
            }
            if (own != null && provider.getClass().getClassLoader() != own) {
                skip(kind, source, location, provider.getClass().getName() + " is not in the jar");
                continue;
            }
            try {
                register(kind, provider, source, location);
            } catch (LinkageError | RuntimeException e) {
                skip(kind, source, location, provider.getClass().getName() + ": " + describe(e));
            }
        }
        skip(kind, source, location, "gave up after " + MAX_FAILURES_PER_SOURCE + " failures");
    }

    private void register(ProviderKind kind, Object provider, String source, String location) {
        String cls = provider.getClass().getName();
        String name = kind.nameOf(provider);
        if (name == null || !NAME.matcher(name).matches()) {
            skip(kind, source, location, cls + " has an invalid name '" + name + "' (must match " + NAME + ")");
            return;
        }
        String description = kind.descriptionOf(provider);
        Registered r = new Registered(kind, name, description == null ? "" : description, source, location,
                provider);
        registered.add(r);
        LOG.log(System.Logger.Level.INFO, "Registered {0} from {1} ({2})", r.label(), location, cls);
    }

    private void skip(ProviderKind kind, String source, String location, String why) {
        String where = Registered.BUILT_IN.equals(source) ? "the class path" : "plugin jar " + source + " (" + location
                + ")";
        warn("Skipped a " + kind.label + " provider from " + where + ": " + why);
    }

    private void warn(String message) {
        warnings.add(message);
        LOG.log(System.Logger.Level.WARNING, message);
    }

    private static String describe(Throwable e) {
        String s = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        Throwable root = e.getCause();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? s : s + " (" + root + ")";
    }

    static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot close the class loader of " + loader.jar(), e);
        }
    }
}
