package io.dualaccess.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What differs when the same read runs twice on the same side (calibration, A/A): columns whose
 * values change on their own ({@code now()}, a sequence, a random value) and whether the row order
 * does (ties under an {@code ORDER BY} that is not unique). A difference there is noise, not a
 * migration bug, so comparisons of that fingerprint leave those columns out and compare the rows as
 * a multiset.
 *
 * @param columns labels of the noisy columns, lower case
 * @param order whether the order of rows is noisy
 */
public record Noise(Set<String> columns, boolean order) {

    /** No noise. */
    public static final Noise NONE = new Noise(Set.of(), false);

    /** @param columns labels of the noisy columns */
    public Noise {
        columns = Set.copyOf(columns);
    }

    /** Whether nothing is noisy. */
    public boolean none() {
        return columns.isEmpty() && !order;
    }

    /** This noise and another's together. */
    public Noise plus(Noise other) {
        if (other.none()) {
            return this;
        }
        Set<String> all = new LinkedHashSet<>(columns);
        all.addAll(other.columns);
        return new Noise(all, order || other.order);
    }

    /**
     * What differs between two runs of one read on one side: the columns whose kept values differ
     * row by row (the same engine returns the same plan's order), and the order when the rows agree
     * as a multiset but not in sequence. Two results that differ in their row count or beyond the
     * kept rows teach nothing (NONE).
     */
    public static Noise between(ResultDigest first, ResultDigest second) {
        if (first.rowCount() != second.rowCount() || !first.labels().equals(second.labels())) {
            return NONE;
        }
        if (first.sameOrderedHash(second)) {
            return NONE;
        }
        if (first.sameMultisetHash(second)) {
            return new Noise(Set.of(), true);
        }
        List<List<Object>> x = first.keptRows();
        List<List<Object>> y = second.keptRows();
        Set<String> noisy = new LinkedHashSet<>();
        int rows = Math.min(x.size(), y.size());
        for (int r = 0; r < rows; r++) {
            List<Object> a = x.get(r);
            List<Object> b = y.get(r);
            for (int c = 0; c < a.size(); c++) {
                if (!Objects.equals(a.get(c), b.get(c))) {
                    noisy.add(first.labels().get(c).toLowerCase(Locale.ROOT));
                }
            }
        }
        return noisy.isEmpty() ? NONE : new Noise(noisy, false);
    }

    /** The rules with the noisy columns left out too. */
    public NormalizationRules discount(NormalizationRules rules) {
        if (columns.isEmpty()) {
            return rules;
        }
        List<String> ignored = new ArrayList<>(rules.ignoredColumns());
        ignored.addAll(columns);
        return rules.toBuilder().ignoreColumns(ignored).build();
    }
}
