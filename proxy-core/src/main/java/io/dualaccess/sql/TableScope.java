package io.dualaccess.sql;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.config.ConfigKey;

import java.util.List;
import java.util.Set;

/**
 * Which tables the migration covers ({@code dualaccess.tables.include} / {@code .exclude}). Names
 * match with or without their schema, case-insensitively (the classifier lower-cases them).
 */
public final class TableScope {

    private final Set<String> include;
    private final Set<String> exclude;

    private TableScope(Set<String> include, Set<String> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** The scope a configuration sets. */
    public static TableScope of(DualAccessConfig config) {
        return new TableScope(config.names(ConfigKey.TABLES_INCLUDE), config.names(ConfigKey.TABLES_EXCLUDE));
    }

    /**
     * The scope of mirrored writes: this configuration's scope less the tables that
     * {@code dualaccess.sync.tables} keeps in sync from A's change log when
     * {@code dualaccess.sync.enabled} is true (a table is synced or mirrored, never both).
     */
    @SuppressWarnings("unchecked")
    public static TableScope mirrored(DualAccessConfig config) {
        Set<String> synced = (Set<String>) config.get(ConfigKey.SYNC_TABLES);
        if (!Boolean.TRUE.equals(config.get(ConfigKey.SYNC_ENABLED)) || synced.isEmpty()) {
            return of(config);
        }
        Set<String> exclude = new java.util.HashSet<>((Set<String>) config.get(ConfigKey.TABLES_EXCLUDE));
        exclude.addAll(synced);
        return new TableScope((Set<String>) config.get(ConfigKey.TABLES_INCLUDE), Set.copyOf(exclude));
    }

    /** Whether the migration covers this table. */
    public boolean covers(String table) {
        String bare = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
        if (exclude.contains(table) || exclude.contains(bare)) {
            return false;
        }
        return include.isEmpty() || include.contains(table) || include.contains(bare);
    }

    /** Whether it covers any of the tables (a write to one covered table is mirrored); true for none. */
    public boolean coversAny(List<String> tables) {
        if (tables.isEmpty()) {
            return true;
        }
        for (String t : tables) {
            if (covers(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether it covers every table (a read joining an uncovered table cannot be replayed on the other side). */
    public boolean coversAll(List<String> tables) {
        for (String t : tables) {
            if (!covers(t)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every table is covered, so no statement needs checking. */
    public boolean everything() {
        return include.isEmpty() && exclude.isEmpty();
    }
}
