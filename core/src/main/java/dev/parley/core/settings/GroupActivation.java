package dev.parley.core.settings;

/** When the agent answers in a group (SPEC §4 {@code groupActivation}): only when mentioned, or always. */
public enum GroupActivation implements WireValue {
    MENTION("mention"), ALWAYS("always");

    private final String wire;

    GroupActivation(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
