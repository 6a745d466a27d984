package io.dualaccess.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key dualaccess knows. The names are public contract: they are documented in
 * {@code docs/configuration.md}, and a test checks that the page names each of them.
 */
public enum ConfigKey {
    B_URL("dualaccess.b.url", ConfigType.JDBC_URL, null, false,
        "JDBC URL of database B. Required in every phase that reads or writes B."),
    B_USER("dualaccess.b.user", ConfigType.TEXT, null, false,
        "User for database B (may also be given in the URL, as the driver allows)."),
    B_PASSWORD("dualaccess.b.password", ConfigType.TEXT, null, true,
        "Password for database B. Never logged; use ${ENV_NAME} to keep it out of files."),
    A_URL("dualaccess.a.url", ConfigType.JDBC_URL, null, false,
        "JDBC URL of database A for the command line tools (backfill, verify, repair); the driver takes A from the application's URL."),
    A_USER("dualaccess.a.user", ConfigType.TEXT, null, false,
        "User for database A, for the command line tools."),
    A_PASSWORD("dualaccess.a.password", ConfigType.TEXT, null, true,
        "Password for database A, for the command line tools. Never logged; use ${ENV_NAME} to keep it out of files."),
    A_DIALECT("dualaccess.a.dialect", ConfigType.words("auto", "postgres", "mariadb", "mysql", "h2"), "auto", false,
        "SQL dialect of database A; auto: from A's JDBC URL. When A's and B's differ, what one side runs is translated for the other."),
    B_DIALECT("dualaccess.b.dialect", ConfigType.words("auto", "postgres", "mariadb", "mysql", "h2"), "auto", false,
        "SQL dialect of database B; auto: from dualaccess.b.url."),
    B_SQL_OVERRIDES("dualaccess.b.sql-overrides", ConfigType.TEXT, null, false,
        "File giving B's SQL by hand per fingerprint (same parameters), or skip with a reason, for what the translator cannot do."),
    MAP_FILE("dualaccess.map.file", ConfigType.TEXT, null, false,
        "Properties file of table and column renames from A's names to B's (orders = sales.orders, orders.cust_id = customer_id), applied to what B runs and used by backfill, verify and repair."),
    B_POOL_MAX_SIZE("dualaccess.b.pool.max-size", ConfigType.intRange(1, 1000), "10", false,
        "Maximum size of dualaccess's own HikariCP pool for database B."),
    PHASE("dualaccess.phase", ConfigType.PHASE, "off", false,
        "Migration phase: a preset of the reads and writes axes."),
    READS("dualaccess.reads", ConfigType.READS, null, false,
        "Overrides the reads axis of the phase."),
    WRITES("dualaccess.writes", ConfigType.WRITES, null, false,
        "Overrides the writes axis of the phase."),
    B_STATEMENT_TIMEOUT("dualaccess.b.statement-timeout", ConfigType.DURATION, "5s", false,
        "Longest time any call on the shadow side may take (statement, connection checkout, network read) before it counts as a timeout."),
    B_FOREIGN_KEY_CHECKS("dualaccess.b.foreign-key-checks", ConfigType.words("auto", "on", "off"), "auto", false,
        "Foreign key checks on B's own pool connections (MariaDB/MySQL): auto turns them off unless B's schema has a referential action (cascade, set null, set default)."),
    B_TRANSACTION_BUDGET("dualaccess.b.transaction-budget", ConfigType.DURATION, null, false,
        "Longest time one application transaction may spend on the shadow side; past it the rest of its mirror is skipped and journaled. Default: twice dualaccess.b.statement-timeout."),
    MIRROR_ON_ERROR("dualaccess.mirror.on-error", ConfigType.words("log", "fail"), "log", false,
        "What a failed mirror does: log (record it, the application never sees it) or fail (rethrow to the application)."),
    MIRROR_PIPELINE("dualaccess.mirror.pipeline", ConfigType.words("transaction", "off"), "transaction", false,
        "transaction: inside an application transaction, mirrored statements wait and go to B together in one round trip before the commit reaches A (PostgreSQL B); off: each is sent at once."),
    MIRROR_DDL("dualaccess.mirror.ddl", ConfigType.BOOLEAN, "false", false,
        "Whether DDL (CREATE, ALTER, DROP, TRUNCATE, ...) is mirrored."),
    TABLES_INCLUDE("dualaccess.tables.include", ConfigType.TABLE_LIST, "", false,
        "Tables in scope (mirrored writes, shadow reads); empty means every table not excluded."),
    TABLES_EXCLUDE("dualaccess.tables.exclude", ConfigType.TABLE_LIST, "", false,
        "Tables never mirrored nor shadow-read."),
    TABLES_PHASE("dualaccess.tables.phase", ConfigType.tableMap(ConfigType.PHASE), "", false,
        "Per-table phase overrides as table:phase pairs (orders:shadow, audit_log:off); a table must stay answered by the global side."),
    TABLES_READS("dualaccess.tables.reads", ConfigType.tableMap(ConfigType.READS), "", false,
        "Per-table reads-axis overrides as table:axis pairs (reports:a), over dualaccess.tables.phase."),
    TABLES_WRITES("dualaccess.tables.writes", ConfigType.tableMap(ConfigType.WRITES), "", false,
        "Per-table writes-axis overrides as table:axis pairs (audit_log:a), over dualaccess.tables.phase."),
    CONTROL_SEQUENCE_GAP("dualaccess.control.sequence-gap", ConfigType.intRange(0, 1_000_000_000), "100000", false,
        "Keys left unused between the old side's largest key and the new side's next one when a phase change moves the authoritative side, for inserts the old side still answers while the change spreads."),
    CONTROL_TABLE("dualaccess.control.table", ConfigType.SQL_NAME, "dualaccess_control", false,
        "Table in B holding the fleet's phase and per-table overrides; created on demand."),
    B_SCHEMA("dualaccess.b.schema", ConfigType.SQL_IDENTIFIER, null, false,
        "A schema in B that holds only dualaccess's own objects (unset: they are dualaccess_* tables in B's default schema); reads of it are never compared."),
    CONTROL_POLL("dualaccess.control.poll", ConfigType.DURATION_OR_OFF, "5s", false,
        "How often each runtime reads the control table; 0 or off: no control table, the phase is local to the process."),
    BREAKER_FAILURE_RATE("dualaccess.breaker.failure-rate", ConfigType.doubleRange(1, 100), "50", false,
        "Percentage of failed or timed-out mirror calls in the window that opens the circuit breaker."),
    BREAKER_WINDOW("dualaccess.breaker.window", ConfigType.intRange(1, 100_000), "20", false,
        "Number of recent mirror calls the breaker judges (also the minimum before it may open)."),
    BREAKER_OPEN_DURATION("dualaccess.breaker.open-duration", ConfigType.DURATION, "30s", false,
        "How long the breaker stays open before the application's calls may try the shadow side again, when no probe has closed it before."),
    BREAKER_SLOW_CALL("dualaccess.breaker.slow-call", ConfigType.DURATION, null, false,
        "A mirror call at least this long counts as slow, against the shadow side like a failure. Default: half of dualaccess.b.statement-timeout."),
    BREAKER_PROBE_INTERVAL("dualaccess.breaker.probe-interval", ConfigType.DURATION, "1s", false,
        "While the breaker is open, how often a daemon thread probes the shadow side; a fast answer closes the breaker."),
    QUARANTINE_FAILURES("dualaccess.quarantine.failures", ConfigType.intRange(1, 1_000_000), "3", false,
        "Failures in a row of one fingerprint on the shadow side, each about the statement (SQLState 42, 0A, 22, 23), that quarantine it; such errors never count toward the breaker."),
    QUARANTINE_BACK_OFF("dualaccess.quarantine.back-off", ConfigType.DURATION, "1m", false,
        "How long a quarantined fingerprint is skipped (reason quarantined, one event per interval, writes journaled) before it is tried again."),
    JOURNAL_FILE("dualaccess.journal.file", ConfigType.TEXT, "dualaccess-journal.jsonl", false,
        "Divergence journal: every write that did not reach the shadow side intact, as JSON lines."),
    JOURNAL_FSYNC("dualaccess.journal.fsync", ConfigType.words("always", "interval", "never"), "interval", false,
        "always: fsync each entry before the statement returns; interval: entries are written at once and fsynced every second; never: leave it to the OS."),
    JOURNAL_TX_MAX_STATEMENTS("dualaccess.journal.tx-max-statements", ConfigType.intRange(0, 1_000_000), "10000", false,
        "Mirrored statements kept per open transaction, so a failed mirror commit can journal them; beyond it the journal names the tables instead."),
    SHADOW_THREADS("dualaccess.shadow.threads", ConfigType.intRange(1, 64), "2", false,
        "Worker threads that replay reads on the shadow side."),
    SHADOW_QUEUE("dualaccess.shadow.queue", ConfigType.intRange(1, 1_000_000), "1000", false,
        "Reads waiting for a shadow worker; when full, a read is dropped (outcome dropped), never blocking."),
    SHADOW_SAMPLE_RATE("dualaccess.shadow.sample-rate", ConfigType.doubleRange(0, 1), "1", false,
        "Share of reads replayed on the shadow side (0 to 1); unsampled reads cost nothing."),
    SHADOW_BUDGET("dualaccess.shadow.budget", ConfigType.doubleRange(0.01, 64), "1", false,
        "CPU the shadow workers may use, as a share of one core (0.01 to 64): above it the share of reads sampled is lowered, below it raised again up to sample-rate, instead of reads being dropped when the queue fills."),
    SHADOW_IN_TRANSACTION("dualaccess.shadow.in-transaction", ConfigType.words("skip", "paired"), "skip", false,
        "Reads after a write in the same transaction: skip (outcome skipped, reason in-transaction) or paired (replayed on the shadow side's connection of that transaction, which holds the same uncommitted writes, on the application's thread, within a budget)."),
    SHADOW_IN_TRANSACTION_BUDGET("dualaccess.shadow.in-transaction.budget", ConfigType.DURATION, "100ms", false,
        "With in-transaction=paired: time one transaction may spend on paired replays (on the application's thread); past it the transaction's reads are skipped."),
    SHADOW_IN_TRANSACTION_SAMPLE_RATE("dualaccess.shadow.in-transaction.sample-rate", ConfigType.doubleRange(0, 1), "0.1", false,
        "With in-transaction=paired: share of reads after a write that are replayed inside the transaction (0 to 1); the others are skipped."),
    COMPARE_KEEP_ROWS("dualaccess.compare.keep-rows", ConfigType.intRange(0, 100_000), "20", false,
        "Leading rows of each result kept to name the first differing row and column."),
    COMPARE_NUMBERS("dualaccess.compare.numbers", ConfigType.BOOLEAN, "true", false,
        "Numbers compare by value: 1.0 = 1.00 = 1 whatever the decimal scale or integer width."),
    COMPARE_FLOAT_TOLERANCE("dualaccess.compare.float-tolerance", ConfigType.doubleRange(0, 0.1), "1e-9", false,
        "Relative tolerance for floating-point values (REAL, FLOAT, DOUBLE); 0 compares them exactly."),
    COMPARE_CHAR_TRIM("dualaccess.compare.char-trim", ConfigType.BOOLEAN, "true", false,
        "Trailing spaces of CHAR/NCHAR text are ignored (engines pad CHAR(n) differently); other text keeps them."),
    COMPARE_TIMESTAMP_PRECISION("dualaccess.compare.timestamp-precision", ConfigType.words("seconds", "millis", "micros", "nanos"),
        "micros", false,
        "Timestamps compare as UTC instants truncated to this precision."),
    COMPARE_BOOLEANS("dualaccess.compare.booleans", ConfigType.BOOLEAN, "true", false,
        "Booleans equal the numbers 1 and 0 (BOOLEAN on one engine, TINYINT(1) or BIT on another)."),
    COMPARE_LABELS_CASE("dualaccess.compare.labels-case", ConfigType.BOOLEAN, "true", false,
        "Column labels compare case-insensitively (ID = id)."),
    COMPARE_LOBS_HASH("dualaccess.compare.lobs-hash", ConfigType.BOOLEAN, "true", false,
        "BLOB/CLOB and large text or binary values compare by a SHA-256 of their content, never kept whole."),
    COMPARE_JSON("dualaccess.compare.json", ConfigType.BOOLEAN, "true", false,
        "JSON documents compare by value: key order and whitespace do not matter."),
    COMPARE_IGNORE_COLUMNS("dualaccess.compare.ignore-columns", ConfigType.TABLE_LIST, "", false,
        "Column labels left out of every read comparison (comma-separated, case-insensitive), e.g. updated_at."),
    COMPARE_RECHECK("dualaccess.compare.recheck", ConfigType.BOOLEAN, "true", false,
        "Re-run a mismatching read on both sides before reporting it; if they then agree the outcome is transient."),
    COMPARE_RECHECK_ATTEMPTS("dualaccess.compare.recheck.attempts", ConfigType.intRange(1, 10), "3", false,
        "Re-checks of a mismatching read at most, while its result keeps moving on a side (writes in flight); a read that never settles is transient with reason unsettled, a difference that stays is a mismatch."),
    COMPARE_CALIBRATE("dualaccess.compare.calibrate", ConfigType.BOOLEAN, "false", false,
        "Re-run a mismatching read on the authoritative side itself to learn which columns of its fingerprint differ on their own (now(), ties); those are discounted and named in the event."),
    COMPARE_CATALOG_READS("dualaccess.compare.catalog-reads", ConfigType.BOOLEAN, "false", false,
        "Whether reads of the catalog (information_schema, pg_catalog and pg_* views, mysql, performance_schema, sys) are compared; each engine's catalog lists its own objects, so by default they are skipped (reason catalog)."),
    SCHEMA_TOOLS_TABLES("dualaccess.schema-tools.tables", ConfigType.TABLE_LIST,
        "flyway_schema_history, databasechangelog, databasechangeloglock", false,
        "Schema tools' history and lock tables: their reads are never compared (reason schema_tool) and their writes are mirrored only with dualaccess.mirror.ddl=true (B's history then follows A's DDL); see docs/schema-tools.md."),
    FILES_MODE("dualaccess.files.mode", ConfigType.FILE_MODE, "600", false,
        "Permissions (octal) of the journal and the comparison log when dualaccess creates them; they hold statements and, in the journal, values."),
    LOG_FILE("dualaccess.log.file", ConfigType.TEXT, "dualaccess-comparisons.jsonl", false,
        "Comparison log: one JSON line per comparison event."),
    LOG_VALUES("dualaccess.log.values", ConfigType.words("masked", "full", "none"), "masked", false,
        "How parameter and column values appear in the comparison log: masked (type and length), full, or none."),
    LOG_AGGREGATE("dualaccess.log.aggregate", ConfigType.wordSet("match", "skipped", "transient"), "match,skipped,transient", false,
        "Outcomes of statements logged as one aggregated event per kind, phase, outcome, reason and fingerprint every dualaccess.log.aggregate-interval (5 s), with their count (comma-separated: match, skipped, transient), instead of one line per statement; none: one line per statement. Other outcomes are always one line per statement."),
    LOG_AGGREGATE_INTERVAL("dualaccess.log.aggregate-interval", ConfigType.DURATION, "5s", false,
        "How often the aggregated events (dualaccess.log.aggregate) are written: an aggregate's statements of one interval become one event with their count; shorter intervals give a fresher log and more lines."),
    LOG_QUEUE("dualaccess.log.queue", ConfigType.intRange(1, 10_000_000), "10000", false,
        "Events buffered for the comparison log writer; when full, events are dropped and counted, never blocking."),
    SYNC_ENABLED("dualaccess.sync.enabled", ConfigType.BOOLEAN, "false", false,
        "Whether the runtime keeps the tables of dualaccess.sync.tables in sync from A's change log into B (needs the cdc jar, dualaccess.a.url and a logical-replication or row-binlog A; see docs/cdc.md); synced tables are not mirrored."),
    SYNC_TABLES("dualaccess.sync.tables", ConfigType.TABLE_LIST, "", false,
        "Tables of A kept in sync into B from A's change log (schema.table or table in A's default schema); each needs a primary key. Writes to them are never mirrored."),
    SYNC_SLOT("dualaccess.sync.slot", ConfigType.SQL_NAME, "dualaccess_sync", false,
        "Name of this sync: PostgreSQL's replication slot and publication, and the key of its offsets in B. One name per sync process."),
    SYNC_POLL_INTERVAL("dualaccess.sync.poll-interval", ConfigType.DURATION, "10ms", false,
        "How long the change reader waits for new changes before handing over what it has; small keeps the lag small."),
    SYNC_SNAPSHOT("dualaccess.sync.snapshot", ConfigType.words("initial", "no_data", "when_needed"), "initial", false,
        "initial: copy the tables first, then stream (resumes streaming when offsets are in B); no_data: stream only (backfill copies); when_needed: copy again when the offsets are gone from A's log."),
    SYNC_SERVER_ID("dualaccess.sync.server-id", ConfigType.intRange(1, Integer.MAX_VALUE), null, false,
        "MySQL/MariaDB: the replica server id the binlog reader uses, unique among A's replicas. Default: derived from dualaccess.sync.slot."),
    SYNC_SCHEMA_HISTORY("dualaccess.sync.schema-history", ConfigType.TEXT, null, false,
        "MySQL/MariaDB: a file to keep the table definitions the binlog reader has seen in, instead of B's dualaccess.sync.schema-history-table (the default)."),
    SYNC_SCHEMA_HISTORY_TABLE("dualaccess.sync.schema-history-table", ConfigType.SQL_NAME, "dualaccess_sync_schema_history", false,
        "MySQL/MariaDB: table in B holding the table definitions the binlog reader has seen (Debezium's schema history), one row per DDL record; created on demand. A restart needs no local file."),
    SYNC_PHASE_CHANGE_LAG("dualaccess.sync.phase-change-lag", ConfigType.DURATION, "1s", false,
        "With the sync running in the runtime: a phase change waits until the sync's lag (dualaccess.sync.lag) is below this bound."),
    SYNC_PHASE_CHANGE_WAIT("dualaccess.sync.phase-change-wait", ConfigType.DURATION, "30s", false,
        "How long a phase change waits for the sync's lag to fall below dualaccess.sync.phase-change-lag before it is refused (nothing changed)."),
    SYNC_OFFSETS_TABLE("dualaccess.sync.offsets-table", ConfigType.SQL_NAME, "dualaccess_sync_offsets", false,
        "Table in B holding each sync's position in A's log, written in the same B transaction as the changes it covers; created on demand."),
    LOG_MAX_SIZE("dualaccess.log.max-size", ConfigType.SIZE_OR_OFF, "256MB", false,
        "Size past which the comparison log rolls over to a new file (the full one becomes <file>.1, older ones shift to .2, .3, ...); off: never by size."),
    LOG_MAX_AGE("dualaccess.log.max-age", ConfigType.DURATION_OR_OFF, "off", false,
        "Time after which the comparison log rolls over even when not full (counted from when this process opened the file); off: never by time."),
    LOG_MAX_FILES("dualaccess.log.max-files", ConfigType.intRange(0, 10_000), "10", false,
        "Rolled-over comparison log files kept (<file>.1 to <file>.N); older ones are deleted; 0 keeps them all."),
    JOURNAL_MAX_SIZE("dualaccess.journal.max-size", ConfigType.SIZE_OR_OFF, "off", false,
        "Size past which the divergence journal rolls over to <file>.1, .2, ... (repair --from-journal reads them all); off: one file."),
    JOURNAL_MAX_FILES("dualaccess.journal.max-files", ConfigType.intRange(0, 10_000), "0", false,
        "Rolled-over journal files kept; older ones are deleted, and repair can no longer name their tables; 0 (default) keeps them all."),
    HTTP_CANDIDATE("dualaccess.http.candidate", ConfigType.TEXT, null, false,
        "Base URL (http or https) of the candidate implementation that HTTP requests matching dualaccess.http.routes are replayed to and compared with (needs the sidecar jar and DualAccessFilter); unset: no HTTP shadowing."),
    HTTP_ROUTES("dualaccess.http.routes", ConfigType.TEXT, "", false,
        "Comma-separated route templates shadowed to the candidate, such as /orders/{id}/summary, /products/*, /reports/**; a {name} or * matches one path segment, a trailing ** the rest."),
    HTTP_PRIMARY_TWIN("dualaccess.http.primary-twin", ConfigType.TEXT, null, false,
        "Base URL of a second instance of the current implementation; each shadowed request is also replayed there, and JSON fields that differ between the two runs of the same implementation are learned per route and discounted as noise."),
    HTTP_METHODS("dualaccess.http.methods", ConfigType.TEXT, "GET,HEAD", false,
        "Comma-separated HTTP methods that are shadowed; methods other than GET, HEAD and OPTIONS also need dualaccess.http.allow-unsafe=true."),
    HTTP_ALLOW_UNSAFE("dualaccess.http.allow-unsafe", ConfigType.BOOLEAN, "false", false,
        "Whether methods that may change state (POST, PUT, PATCH, DELETE) listed in dualaccess.http.methods are replayed to the candidate (and twin): only for candidates that write to their own copy of the data."),
    HTTP_SAMPLE_RATE("dualaccess.http.sample-rate", ConfigType.doubleRange(0, 1), "1", false,
        "Share of matching requests that are shadowed (0 to 1); unsampled requests cost nothing."),
    HTTP_TIMEOUT("dualaccess.http.timeout", ConfigType.DURATION, "2s", false,
        "Longest time a replay to the candidate or twin may take (connect and whole response) before it counts as a timeout."),
    HTTP_QUEUE("dualaccess.http.queue", ConfigType.intRange(1, 100_000), "200", false,
        "Captured requests waiting to be replayed; when full, a request is not replayed (outcome dropped, counted), never blocking."),
    HTTP_CONCURRENCY("dualaccess.http.concurrency", ConfigType.intRange(1, 1000), "16", false,
        "Replays in flight to the candidate at once; beyond it captured requests wait in dualaccess.http.queue."),
    HTTP_BODY_CAP("dualaccess.http.body-cap", ConfigType.intRange(0, 16 * 1024 * 1024), "262144", false,
        "Bytes of each response body (and request body) kept for the comparison; a longer body is not compared (reason body_over_cap), status and headers still are."),
    HTTP_COMPARE_HEADERS("dualaccess.http.compare-headers", ConfigType.TEXT, "Content-Type", false,
        "Comma-separated response headers compared between the application and the candidate (case-insensitive names)."),
    HTTP_FORWARD_HEADERS("dualaccess.http.forward-headers", ConfigType.TEXT, "*", false,
        "Request headers replayed to the candidate: * for every header but hop-by-hop ones (Connection, Host, Content-Length, ...), or a comma-separated list of names."),
    HTTP_IGNORE_PATHS("dualaccess.http.ignore-paths", ConfigType.TEXT, "", false,
        "Comma-separated JSON paths left out of every body comparison, such as $.generatedAt, $.items[*].id."),
    HTTP_UNORDERED_PATHS("dualaccess.http.unordered-paths", ConfigType.TEXT, "", false,
        "Comma-separated JSON paths of arrays compared without regard to order, such as $.tags; other arrays are ordered."),
    HTTP_PATH_RULES("dualaccess.http.path-rules", ConfigType.TEXT, "", false,
        "Comma-separated path:rule pairs for values that may differ in a known way: present (any value on both sides), type (same JSON type), timestamp (both ISO-8601 date-times), such as $.id:present, $.createdAt:timestamp."),
    HTTP_MASK_PATHS("dualaccess.http.mask-paths", ConfigType.TEXT, "", false,
        "Comma-separated JSON paths whose values are masked (type and length) in comparison events, such as $.customer.email; Authorization and Cookie headers are never logged."),
    HTTP_NOISE_MIN("dualaccess.http.noise-min", ConfigType.intRange(1, 1000), "1", false,
        "Times a JSON path must differ between the application and its primary twin on a route before its differences from the candidate are discounted as noise."),
    ADMIN_PORT("dualaccess.admin.port", ConfigType.intRange(0, 65535), null, false,
        "Port of the admin server (metrics, status, mismatches, phase switch, dashboard; needs the sidecar jar); unset: no admin server; 0: any free port."),
    ADMIN_HOST("dualaccess.admin.host", ConfigType.TEXT, "127.0.0.1", false,
        "Address the admin server listens on; the default keeps it off the network."),
    ADMIN_HOSTS("dualaccess.admin.hosts", ConfigType.HOST_LIST, "", false,
        "Host names the admin server answers besides its bind address, localhost, 127.0.0.1 and [::1] (comma-separated); requests naming any other Host get 421."),
    ADMIN_TOKEN("dualaccess.admin.token", ConfigType.TEXT, null, true,
        "Bearer token required by the admin server's changing endpoints (POST /phase); unset: they are disabled. Never logged."),
    ADMIN_SAMPLE_INTERVAL("dualaccess.admin.sample-interval", ConfigType.DURATION, "5s", false,
        "How often the admin server samples counts and latencies into the dashboard's in-memory history (720 samples kept).");

    /** Every key starts with this. */
    public static final String PREFIX = "dualaccess.";
    /** Every environment variable that configures dualaccess starts with this. */
    public static final String ENV_PREFIX = "DUALACCESS_";

    private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();
    private static final Map<String, ConfigKey> BY_ENV = new HashMap<>();

    static {
        for (ConfigKey k : values()) {
            BY_NAME.put(k.key, k);
            BY_ENV.put(k.envName(), k);
        }
    }

    private final String key;
    private final ConfigType type;
    private final String defaultValue;
    private final boolean secret;
    private final String description;

    ConfigKey(String key, ConfigType type, String defaultValue, boolean secret, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    /** The key as written in properties files and system properties. */
    public String key() {
        return key;
    }

    /** How the value is parsed. */
    public ConfigType type() {
        return type;
    }

    /** The default as text, or null when the key has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the value must never appear in messages or logs. */
    public boolean secret() {
        return secret;
    }

    /** One sentence for the configuration reference. */
    public String description() {
        return description;
    }

    /** The environment variable for this key: {@code dualaccess.b.pool.max-size} is {@code DUALACCESS_B_POOL_MAX_SIZE}. */
    public String envName() {
        return toEnvName(key);
    }

    /** The key with this name, or null. */
    public static ConfigKey byName(String name) {
        return BY_NAME.get(name);
    }

    /** The key configured by this environment variable, or null. */
    public static ConfigKey byEnvName(String name) {
        return BY_ENV.get(name);
    }

    /** Maps a key name to its environment variable name. */
    public static String toEnvName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value as text in a table: the default or "none". */
    String defaultForDocs() {
        return defaultValue == null ? "none" : defaultValue;
    }

    @Override
    public String toString() {
        return key;
    }
}
