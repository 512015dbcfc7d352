package dev.parley.core.compaction.builtin;

import dev.parley.compaction.spi.TokenEstimator;

/**
 * {@code cjk + ceil(other / 4)}, where {@code other} counts the remaining code points. One pass over the chars,
 * no regex, no allocation; below U+1100 (Latin, Greek, Cyrillic, …) a single comparison decides. Stateless,
 * hence thread-safe.
 */
final class HeuristicEstimator implements TokenEstimator {
    static final HeuristicEstimator INSTANCE = new HeuristicEstimator();

    private HeuristicEstimator() {}

    @Override
    public int estimate(String text) {
        long cjk = 0;
        long other = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x1100) {
                other++;
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(++i));
            }
            if (isCjk(cp)) {
                cjk++;
            } else {
                other++;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, cjk + (other + 3) / 4);
    }

    /** Han, Hiragana, Katakana, Hangul; CJK symbols and punctuation; halfwidth and fullwidth forms. */
    static boolean isCjk(int cp) {
        if (cp >= 0x3000 && cp <= 0x303F || cp >= 0xFF00 && cp <= 0xFFEF) {
            return true;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
