package dev.parley.core.access;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** Pairing codes: 8 characters of {@code A–Z 2–9} without the look-alikes 0 O 1 I L (31 symbols, ≈ 39.6 bits). */
final class PairingCodes {
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 8;

    private PairingCodes() {}

    static String next(RandomGenerator random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    static boolean isWellFormed(String code) {
        if (code == null || code.length() != LENGTH) {
            return false;
        }
        return code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    /** What a human typed, trimmed and upper-cased, so a code typed in lower case still matches. */
    static String normalise(String typed) {
        return typed == null ? null : typed.strip().toUpperCase(Locale.ROOT);
    }
}
