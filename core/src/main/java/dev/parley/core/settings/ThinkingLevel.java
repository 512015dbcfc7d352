package dev.parley.core.settings;

/** How much reasoning the model is asked for (SPEC §4 {@code thinkingLevel}). */
public enum ThinkingLevel implements WireValue {
    OFF("off"), MINIMAL("minimal"), LOW("low"), MEDIUM("medium"), HIGH("high"), XHIGH("xhigh");

    private final String wire;

    ThinkingLevel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
