package dev.parley.compaction.auto;

/**
 * The summarisers' own size estimate, the same rule as the core's {@code heuristic} estimator: about four
 * characters per token, and every CJK character (ideographs, kana, hangul) a whole token, because BPE
 * vocabularies rarely merge them. Used where a summariser must stay within {@code maxTokens} without an
 * estimator of its own.
 */
final class Tokens {
    private Tokens() {}

    static int estimate(CharSequence text) {
        int cjk = 0;
        int other = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLowSurrogate(c)) {
                continue; // counted with its high surrogate
            }
            if (isCjk(c)) {
                cjk++;
            } else {
                other++;
            }
        }
        return cjk + (other + 3) / 4;
    }

    /** Whether {@code c} is a CJK ideograph, kana, hangul syllable or CJK punctuation/full-width form. */
    static boolean isCjk(char c) {
        return (c >= '\u3000' && c <= '\u30ff')      // CJK punctuation, hiragana, katakana
                || (c >= '\u3400' && c <= '\u4dbf')  // extension A
                || (c >= '\u4e00' && c <= '\u9fff')  // unified ideographs
                || (c >= '\uac00' && c <= '\ud7af')  // hangul syllables
                || (c >= '\uf900' && c <= '\ufaff')  // compatibility ideographs
                || (c >= '\uff00' && c <= '\uffef'); // half/full-width forms
    }
}
