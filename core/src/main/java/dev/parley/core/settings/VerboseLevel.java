package dev.parley.core.settings;

/** Tool output verbosity (SPEC §4 {@code verboseLevel}). */
public enum VerboseLevel implements WireValue {
    ON("on"), OFF("off");

    private final String wire;

    VerboseLevel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
