package dev.parley.core.settings;

/** What changed a session's settings: the {@code source} of a {@code settings} transcript entry (SPEC §3.1). */
public enum SettingsSource implements WireValue {
    RPC("rpc"), DIRECTIVE("directive"), RESET("reset"), IMPORT("import");

    private final String wire;

    SettingsSource(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
