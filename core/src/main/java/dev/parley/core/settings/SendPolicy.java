package dev.parley.core.settings;

/** How a sub-agent's reply is routed (SPEC §4 {@code sendPolicy}). */
public enum SendPolicy implements WireValue {
    SKIP("skip"), ANNOUNCE("announce"), REPLY("reply");

    private final String wire;

    SendPolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
