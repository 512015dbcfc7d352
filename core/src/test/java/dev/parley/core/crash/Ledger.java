package dev.parley.core.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the crash children reported as acknowledged, across all cycles: every entry by payload id with the key
 * and seq it was acknowledged at, and every acknowledged repeat of an idempotent entry.
 */
final class Ledger {
    record Where(String key, long seq) {}

    record Repeat(String key, String id, long lastSeq, boolean duplicate) {}

    /** What one child reported. */
    record Report(int appends, int entries, int repeats, int newKeys) {}

    private final Map<String, Where> acked = new HashMap<>();
    private final List<Repeat> repeats = new ArrayList<>();
    private long appends;

    /** Records the complete lines a child printed; fails on an {@code ERR} line or a malformed report. */
    Report record(List<String> lines, String output) {
        int appendsNow = 0;
        int entriesNow = 0;
        int repeatsNow = 0;
        int newKeys = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "ACK" -> {
                    String key = f[1];
                    long lastSeq = Long.parseLong(f[2]);
                    int n = Integer.parseInt(f[3]);
                    String[] ids = f[4].split(",");
                    if (ids.length != n) {
                        throw new AssertionError("malformed report '" + line + "'");
                    }
                    for (int i = 0; i < n; i++) {
                        Where prev = acked.put(ids[i], new Where(key, lastSeq - n + 1 + i));
                        if (prev != null) {
                            throw new AssertionError("payload id " + ids[i] + " acknowledged twice");
                        }
                    }
                    if (!Payloads.KEYS.contains(key)) {
                        newKeys++;
                    }
                    appendsNow++;
                    entriesNow += n;
                }
                case "DUP" -> {
                    repeats.add(new Repeat(f[1], f[3], Long.parseLong(f[2]), Boolean.parseBoolean(f[4])));
                    repeatsNow++;
                }
                case "READY" -> { }
                default -> throw new AssertionError("child reported '" + line + "'; its output:\n" + output);
            }
        }
        appends += appendsNow;
        return new Report(appendsNow, entriesNow, repeatsNow, newKeys);
    }

    Map<String, Where> acked() {
        return acked;
    }

    List<Repeat> repeats() {
        return repeats;
    }

    long appends() {
        return appends;
    }
}
