package io.dualaccess.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates by key (table or fingerprint) in bounded memory. At most {@code capacity} groups are
 * tracked; past that, the lower-ranked half is folded into one "other" aggregate, so totals stay
 * exact while memory stays bounded. A key that comes back after being folded starts a new group
 * marked not {@linkplain Aggregate#exact exact}.
 *
 * <p>Groups rank by problems (outcomes after which B may differ), then by events: a rare
 * fingerprint that mismatches outranks a frequent one that always matches.
 */
final class GroupTable {

    /**
     * Folded keys remembered, as 64-bit hashes (8 MiB of table at most), to count distinct folded keys and
     * mark returning keys inexact; past it, the count is of folds (an upper bound).
     */
    static final int MAX_FOLDED_KEYS = 1 << 19;

    static final Comparator<Map.Entry<String, Aggregate>> RANK = Comparator
        .comparingLong((Map.Entry<String, Aggregate> e) -> e.getValue().outcomes.problems()).reversed()
        .thenComparing(Comparator.comparingLong((Map.Entry<String, Aggregate> e) -> e.getValue().outcomes.total()).reversed())
        .thenComparing(Map.Entry::getKey);

    private final int capacity;
    private final int significantDigits;
    private final Map<String, Aggregate> groups = new HashMap<>();
    private final Aggregate other;
    private final KeyHashes foldedKeys = new KeyHashes(MAX_FOLDED_KEYS);
    private long foldedGroups;
    private boolean foldedKeysOverflow;

    /**
     * @param capacity groups tracked before folding (at least twice what the report shows)
     */
    GroupTable(int capacity, int significantDigits) {
        this.capacity = Math.max(2, capacity);
        this.significantDigits = significantDigits;
        this.other = new Aggregate(significantDigits);
    }

    /** The group for a key, created if needed (may fold others first). */
    Aggregate group(String key) {
        Aggregate g = groups.get(key);
        if (g == null) {
            if (groups.size() >= capacity) {
                fold(capacity / 2);
            }
            g = new Aggregate(significantDigits);
            g.exact = !foldedKeysOverflow && !foldedKeys.contains(key);
            groups.put(key, g);
        }
        return g;
    }

    /** Folds all but the {@code keep} highest-ranked groups into "other". */
    void fold(int keep) {
        if (groups.size() <= keep) {
            return;
        }
        List<Map.Entry<String, Aggregate>> ranked = new ArrayList<>(groups.entrySet());
        ranked.sort(RANK);
        for (Map.Entry<String, Aggregate> e : ranked.subList(keep, ranked.size())) {
            other.addAll(e.getValue());
            if (foldedKeysOverflow) {
                foldedGroups++;
            } else if (foldedKeys.full()) {
                foldedKeysOverflow = true;
                foldedGroups++;
            } else if (foldedKeys.add(e.getKey())) {
                foldedGroups++;
            }
            groups.remove(e.getKey());
        }
    }

    /** The tracked groups, ranked. */
    List<Map.Entry<String, Aggregate>> ranked() {
        List<Map.Entry<String, Aggregate>> ranked = new ArrayList<>(groups.entrySet());
        ranked.sort(RANK);
        return ranked;
    }

    /** Everything folded away. */
    Aggregate other() {
        return other;
    }

    /**
     * Distinct keys with events in "other" (a partial group shown is one of them): exact up to
     * {@value #MAX_FOLDED_KEYS}, past that the number of folds (an upper bound).
     */
    long foldedGroups() {
        return foldedGroups;
    }

    /** Whether {@link #foldedGroups()} is exact. */
    boolean foldedGroupsExact() {
        return !foldedKeysOverflow;
    }
}
