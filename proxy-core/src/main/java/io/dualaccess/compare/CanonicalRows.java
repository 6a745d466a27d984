package io.dualaccess.compare;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A result read one canonical row at a time, with the compared columns only (as a {@link RowDigest}
 * of the same rules sees them): what {@link DifferenceFinder} walks when a difference lies past the
 * kept rows. Holds the rows it was given; the caller closes their result.
 */
public final class CanonicalRows {

    private final RowCursor rows;
    private final ValueNormalizer normalizer;
    private final int[] source;
    private final int[] types;
    private final String[] typeNames;
    private final List<String> labels;
    private long position;

    public CanonicalRows(RowCursor rows, NormalizationRules rules) throws SQLException {
        this.rows = rows;
        this.normalizer = new ValueNormalizer(rules);
        List<Column> columns = rows.columns();
        int n = columns.size();
        int[] src = new int[n];
        int m = 0;
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String label = columns.get(i - 1).label();
            if (!rules.ignores(label)) {
                src[m++] = i;
                names.add(label);
            }
        }
        this.source = Arrays.copyOf(src, m);
        this.types = new int[m];
        this.typeNames = new String[m];
        for (int j = 0; j < m; j++) {
            types[j] = columns.get(source[j] - 1).sqlType();
            typeNames[j] = columns.get(source[j] - 1).typeName();
        }
        this.labels = List.copyOf(names);
    }

    /** Labels of the compared columns. */
    public List<String> labels() {
        return labels;
    }

    /** The next row's canonical values, or null at the end. */
    public List<Object> next() throws SQLException {
        if (!rows.next()) {
            return null;
        }
        position++;
        Object[] row = new Object[source.length];
        for (int j = 0; j < row.length; j++) {
            row[j] = normalizer.normalize(rows.getObject(source[j]), types[j], typeNames[j]);
        }
        return Collections.unmodifiableList(Arrays.asList(row));
    }

    /** The position of the row {@link #next()} returned last, from 1. */
    public long position() {
        return position;
    }
}
