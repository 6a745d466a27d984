package io.dualaccess.compare;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of a result as the digest needs it: the label it is compared under, and the type the
 * normaliser reads its values by.
 *
 * @param label the column label ({@code ResultSetMetaData.getColumnLabel})
 * @param sqlType the {@link Types} code
 * @param typeName the engine's type name, or null
 */
public record Column(String label, int sqlType, String typeName) {

    /** A column known by its label only. */
    public static Column of(String label) {
        return new Column(label, Types.OTHER, null);
    }

    /** The columns of a result, read once from its metadata. */
    public static List<Column> of(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<Column> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(new Column(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i)));
        }
        return List.copyOf(out);
    }
}
