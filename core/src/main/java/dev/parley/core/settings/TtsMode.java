package dev.parley.core.settings;

/** Text-to-speech behaviour (SPEC §4 {@code ttsMode}). */
public enum TtsMode implements WireValue {
    OFF("off"), ALWAYS("always"), INBOUND("inbound"), TAGGED("tagged");

    private final String wire;

    TtsMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
