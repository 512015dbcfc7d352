package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.BitSet;
import java.util.List;

/**
 * The OpenClaw line id written for each Parley seq of one segment: a line's id is the hex seq of its first entry,
 * so two bit sets (seqs written, seqs that start a line) answer both questions the exporter asks in constant time
 * and about a quarter of a byte per entry — where a map from seq to id took ~100 bytes per entry, and a search of
 * its values made the export quadratic.
 */
final class LineIds {
    private final BitSet written = new BitSet();
    private final BitSet starts = new BitSet();

    /** Records one written line made of {@code group} (seq order). */
    void record(List<ObjectNode> group) {
        long first = group.get(0).path("seq").asLong();
        if (fits(first)) {
            starts.set((int) first);
        }
        for (ObjectNode e : group) {
            long seq = e.path("seq").asLong();
            if (fits(seq)) {
                written.set((int) seq);
            }
        }
    }

    /** The id of the line that holds {@code seq}, or null when no written line does. */
    String idOf(long seq) {
        if (!fits(seq) || !written.get((int) seq)) {
            return null;
        }
        return id(starts.previousSetBit((int) seq));
    }

    /** Whether {@code id} is the id of a line written so far. */
    boolean isLine(String id) {
        if (id == null || id.length() < 8 || id.length() > 16 || !id.chars().allMatch(LineIds::hexDigit)) {
            return false;
        }
        long seq = Long.parseUnsignedLong(id, 16);
        return fits(seq) && starts.get((int) seq) && id(seq).equals(id);
    }

    static String id(long seq) {
        return String.format("%08x", seq);
    }

    private static boolean hexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    private static boolean fits(long seq) {
        return seq >= 0 && seq < Integer.MAX_VALUE;
    }
}
