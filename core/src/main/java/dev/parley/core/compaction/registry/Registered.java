package dev.parley.core.compaction.registry;

/**
 * One provider the registry accepted.
 *
 * @param kind        compactor, summariser or estimator
 * @param name        its unique name within the kind
 * @param description one line for operators
 * @param source      the plugin jar's file name, or {@code built-in}
 * @param location    where it came from, for messages: the jar's path, or {@code the class path}
 * @param provider    the provider instance (a {@code CompactorProvider}, … matching {@code kind})
 */
record Registered(ProviderKind kind, String name, String description, String source, String location,
                  Object provider) {
    static final String BUILT_IN = "built-in";

    /** {@code compactor 'prune' (built-in)} — how failures and logs name a plugin. */
    String label() {
        return kind.label + " '" + name + "' (" + source + ")";
    }

    /** {@code dupe.jar: com.example.DupeProvider at /state/plugins/dupe.jar} — for ambiguity messages. */
    String origin() {
        return source + ": " + provider.getClass().getName() + " at " + location;
    }

    StrategyInfo info() {
        return new StrategyInfo(name, description, source);
    }
}
