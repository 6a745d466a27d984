package io.dualaccess.compare;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A result read one canonical row at a time, with the compared columns only (as a {@link RowDigest}
 * of the same rules sees them): what {@link DifferenceFinder} walks when a difference lies past the
 * kept rows. Holds the result set it was given; the caller closes it.
 */
public final class CanonicalRows {

    private final ResultSet rs;
    private final ValueNormalizer normalizer;
    private final int[] source;
    private final int[] types;
    private final String[] typeNames;
    private final List<String> labels;
    private long position;

    public CanonicalRows(ResultSet rs, NormalizationRules rules) throws SQLException {
        this.rs = rs;
        this.normalizer = new ValueNormalizer(rules);
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        int[] src = new int[n];
        int m = 0;
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String label = md.getColumnLabel(i);
            if (!rules.ignores(label)) {
                src[m++] = i;
                names.add(label);
            }
        }
        this.source = Arrays.copyOf(src, m);
        this.types = new int[m];
        this.typeNames = new String[m];
        for (int j = 0; j < m; j++) {
            types[j] = md.getColumnType(source[j]);
            typeNames[j] = md.getColumnTypeName(source[j]);
        }
        this.labels = List.copyOf(names);
    }

    /** Labels of the compared columns. */
    public List<String> labels() {
        return labels;
    }

    /** The next row's canonical values, or null at the end. */
    public List<Object> next() throws SQLException {
        if (!rs.next()) {
            return null;
        }
        position++;
        Object[] row = new Object[source.length];
        for (int j = 0; j < row.length; j++) {
            row[j] = normalizer.normalize(rs.getObject(source[j]), types[j], typeNames[j]);
        }
        return Collections.unmodifiableList(Arrays.asList(row));
    }

    /** The position of the row {@link #next()} returned last, from 1. */
    public long position() {
        return position;
    }
}
