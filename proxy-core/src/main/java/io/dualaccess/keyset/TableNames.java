package io.dualaccess.keyset;

/**
 * B's names for A's tables and columns, as the schema mapping gives them
 * ({@code dualaccess.map.file}, {@code io.dualaccess.translate.SchemaMapping}). An interface here so
 * the table model stays free of the translator: backfill, verify and repair pass the mapping in.
 */
public interface TableNames {

    /** B names everything as A does. */
    TableNames SAME = new TableNames() {
        @Override
        public String table(String aTable) {
            return aTable;
        }

        @Override
        public String column(String aTable, String aColumn) {
            return aColumn;
        }
    };

    /** B's name of A's table, or A's name when it is not renamed. */
    String table(String aTable);

    /** B's name of a column of A's table, or the column itself when it is not renamed. */
    String column(String aTable, String aColumn);
}
