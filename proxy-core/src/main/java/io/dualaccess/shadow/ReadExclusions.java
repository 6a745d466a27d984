package io.dualaccess.shadow;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.sql.StatementInfo;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads that are not application data and so are never compared, with the reason written in the
 * {@code skipped} event:
 * <ul>
 * <li>{@code own_object}: dualaccess's own tables ({@code dualaccess_*}: the control table, backfill
 *     checkpoints; any table in {@code dualaccess.b.schema}; the configured control table);</li>
 * <li>{@code session}: session settings and state ({@code SHOW …}, {@code pg_settings},
 *     {@code current_setting()}, {@code @@variables}, {@code version()}, the current user or schema)
 *     lock functions ({@code pg_advisory_lock}, {@code GET_LOCK}) and sequence functions
 *     ({@code nextval}, {@code setval}, {@code currval}, {@code lastval}, {@code NEXT VALUE FOR},
 *     {@code LAST_INSERT_ID}): they describe the connection, which differs by construction (the
 *     replay is read-only on a pooled connection), and a lock or sequence function replayed on B
 *     would take a lock or advance a sequence there;</li>
 * <li>{@code schema_tool}: the history and lock tables of schema tools
 *     ({@code dualaccess.schema-tools.tables}: Flyway's and Liquibase's by default);</li>
 * <li>{@code catalog}: the catalog ({@code information_schema}, {@code pg_catalog} and {@code pg_*}
 *     views, {@code mysql}, {@code performance_schema}, {@code sys}), unless
 *     {@code dualaccess.compare.catalog-reads} is true. Catalogs list each engine's own objects
 *     (dualaccess's control table in B among them).</li>
 * </ul>
 * Decided once per fingerprint (bounded cache), so a hot read costs one map lookup.
 */
public final class ReadExclusions {

    /** The reasons, as written in events. */
    public static final String OWN_OBJECT = "own_object";
    /** See {@link #OWN_OBJECT}. */
    public static final String SESSION = "session";
    /** See {@link #OWN_OBJECT}. */
    public static final String SCHEMA_TOOL = "schema_tool";
    /** See {@link #OWN_OBJECT}. */
    public static final String CATALOG = "catalog";

    private static final int MAX_CACHED = 10_000;
    private static final String NONE = "";
    private static final Set<String> CATALOG_SCHEMAS = Set.of("information_schema", "pg_catalog", "mysql",
        "performance_schema", "sys", "pg_toast");
    /** Session functions and variables, as they appear in a fingerprint (lower case, followed by '('). */
    private static final List<String> SESSION_FUNCTIONS = List.of("current_setting(", "set_config(", "version(",
        "current_schema(", "current_schemas(", "current_database(", "current_user(", "session_user(", "database(",
        "schema(", "user(", "connection_id(", "pg_backend_pid(", "pg_advisory_lock(", "pg_advisory_xact_lock(",
        "pg_try_advisory_lock(", "pg_try_advisory_xact_lock(", "pg_advisory_unlock(", "pg_advisory_unlock_all(",
        "pg_advisory_lock_shared(", "pg_try_advisory_lock_shared(", "pg_advisory_unlock_shared(", "get_lock(",
        "release_lock(", "release_all_locks(", "is_free_lock(", "is_used_lock(", "lock_timeout(",
        // Sequence functions: ORMs fetch ids with them; replayed on B they would advance B's sequences.
        "nextval(", "setval(", "currval(", "lastval(", "last_insert_id(", "next value for ");

    private final Set<String> schemaTools;
    private final String ownSchema;
    private final String controlTable;
    private final boolean catalogReads;
    private final ConcurrentHashMap<String, String> decided = new ConcurrentHashMap<>();

    /**
     * @param schemaTools schema tools' tables, lower case ({@code flyway_schema_history})
     * @param ownSchema dualaccess's own schema in B, lower case, or null
     * @param controlTable the control table's name, lower case
     * @param catalogReads whether catalog reads are compared
     */
    public ReadExclusions(Set<String> schemaTools, String ownSchema, String controlTable, boolean catalogReads) {
        this.schemaTools = Set.copyOf(schemaTools);
        this.ownSchema = ownSchema == null || ownSchema.isBlank() ? null : ownSchema.toLowerCase(Locale.ROOT);
        this.controlTable = controlTable.toLowerCase(Locale.ROOT);
        this.catalogReads = catalogReads;
    }

    /** The exclusions a configuration sets. */
    public static ReadExclusions of(DualAccessConfig config) {
        return new ReadExclusions(config.names(ConfigKey.SCHEMA_TOOLS_TABLES), config.text(ConfigKey.B_SCHEMA),
            config.text(ConfigKey.CONTROL_TABLE), config.flag(ConfigKey.COMPARE_CATALOG_READS));
    }

    /** Why this read is not compared as application data, or null when it is. */
    public String reason(StatementInfo info) {
        String r = decided.get(info.fingerprint());
        if (r == null) {
            r = decide(info);
            if (decided.size() < MAX_CACHED) {
                decided.put(info.fingerprint(), r);
            }
        }
        return r.isEmpty() ? null : r;
    }

    private String decide(StatementInfo info) {
        String sql = info.fingerprint();
        for (String t : info.tables()) {
            if (own(t)) {
                return OWN_OBJECT;
            }
        }
        if (sql.startsWith("show ") || systemVariable(sql) || sql.contains("pg_settings")) {
            return SESSION;
        }
        for (String f : SESSION_FUNCTIONS) {
            int at = sql.indexOf(f);
            if (at >= 0 && (at == 0 || !Character.isLetterOrDigit(sql.charAt(at - 1)) && sql.charAt(at - 1) != '_')) {
                return SESSION;
            }
        }
        for (String t : info.tables()) {
            if (schemaTools.contains(t) || schemaTools.contains(bare(t))) {
                return SCHEMA_TOOL;
            }
        }
        if (!catalogReads) {
            for (String t : info.tables()) {
                if (catalog(t)) {
                    return CATALOG;
                }
            }
            if (info.tables().isEmpty() && (sql.contains("information_schema.") || sql.contains("pg_catalog."))) {
                return CATALOG; // the parser did not name the tables
            }
        }
        return NONE;
    }

    /**
     * A MariaDB/MySQL system variable ({@code @@version}, {@code @@session.tx_read_only}): {@code @@}
     * right before a name. PostgreSQL's text-search operator ({@code tsv @@ query}) is not one.
     */
    private static boolean systemVariable(String sql) {
        for (int at = sql.indexOf("@@"); at >= 0; at = sql.indexOf("@@", at + 2)) {
            if (at + 2 < sql.length() && Character.isLetter(sql.charAt(at + 2))) {
                return true;
            }
        }
        return false;
    }

    private boolean own(String table) {
        String bare = bare(table);
        if (bare.startsWith("dualaccess_") || table.equals(controlTable) || bare.equals(controlTable)) {
            return true;
        }
        return ownSchema != null && table.startsWith(ownSchema + ".");
    }

    private static boolean catalog(String table) {
        int dot = table.indexOf('.');
        if (dot > 0) {
            String schema = table.substring(0, table.lastIndexOf('.'));
            schema = schema.substring(schema.lastIndexOf('.') + 1);
            if (CATALOG_SCHEMAS.contains(schema)) {
                return true;
            }
        }
        // PostgreSQL's catalog is on every search path: pg_class, pg_stat_user_tables, pg_tables, ...
        return bare(table).startsWith("pg_");
    }

    private static String bare(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }
}
