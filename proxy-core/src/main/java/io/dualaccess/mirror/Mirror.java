package io.dualaccess.mirror;

import io.dualaccess.source.KeptStatements;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.ErrorText;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.keyset.KeyColumns;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.sql.SqlClassifier;
import io.dualaccess.sql.SqlKind;
import io.dualaccess.sql.StatementInfo;
import io.dualaccess.sql.TableScope;
import io.dualaccess.translate.Translator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What every paired connection of a runtime shares to mirror writes: which statements are mirrored,
 * the shadow side's source, the breaker that stops paying for a sick shadow side, the timeout, and
 * where outcomes go (comparison log, metrics, divergence journal).
 */
public final class Mirror {

    private final SqlClassifier classifier;
    private final EventLog events;
    private final DivergenceJournal journal;
    private final ShadowBreaker breaker;
    private final Duration budget;
    private final ValueRenderer renderer;
    /** The phase name written in events: the one in force when the event is recorded. */
    private final Supplier<String> phase;
    private final boolean failOnError;
    /** Whether mirrored statements of a transaction are sent to the shadow side together ({@code dualaccess.mirror.pipeline}). */
    private final boolean pipeline;
    private final boolean mirrorDdl;
    private final Set<String> schemaTools;
    private final TableScope scope;
    private final Duration timeout;
    private final boolean sessionTimeout;
    private final int txMaxStatements;
    private final boolean shadowIsB;
    private final KeyColumns keyColumns = new KeyColumns();
    private final KeptStatements keptStatements = new KeptStatements();
    private volatile Boolean overriding;
    /** The translator of what the application runs into the shadow side's dialect and schema. */
    private final Supplier<Translator> translator;
    private final Quarantine quarantine;

    /**
     * @param config the runtime's configuration
     * @param shadowIsB whether the shadow side is B (else A, in {@code b-mirror-a})
     */
    public Mirror(DualAccessConfig config, boolean shadowIsB, SqlClassifier classifier,
                  EventLog events, DivergenceJournal journal) {
        this(config, shadowIsB, classifier, events, journal, config.phase()::configValue);
    }

    /**
     * @param config the runtime's configuration
     * @param shadowIsB whether the shadow side is B (else A, in {@code b-mirror-a})
     * @param phase the name of the phase in force, for events (it changes at run time)
     */
    public Mirror(DualAccessConfig config, boolean shadowIsB, SqlClassifier classifier,
                  EventLog events, DivergenceJournal journal, Supplier<String> phase) {
        this(config, shadowIsB, classifier, events, journal, phase, () -> Translator.NONE);
    }

    /**
     * @param phase the name of the phase in force, for events (it changes at run time)
     * @param translator what translates the application's SQL for the shadow side (asked per write: it is resolved lazily)
     */
    public Mirror(DualAccessConfig config, boolean shadowIsB, SqlClassifier classifier, EventLog events,
                  DivergenceJournal journal, Supplier<String> phase,
                  Supplier<Translator> translator) {
        this.translator = translator;
        this.quarantine = new Quarantine(config.integer(ConfigKey.QUARANTINE_FAILURES),
            config.duration(ConfigKey.QUARANTINE_BACK_OFF));
        this.shadowIsB = shadowIsB;
        this.classifier = classifier;
        this.events = events;
        this.journal = journal;
        this.renderer = ValueRenderer.of(config.text(ConfigKey.LOG_VALUES));
        this.phase = phase;
        this.failOnError = "fail".equals(config.text(ConfigKey.MIRROR_ON_ERROR));
        // Only PostgreSQL's driver runs a multi-statement text with parameters as one pipeline (one
        // Sync); on.error=fail promises the application an exception at the failing statement.
        String bUrl = config.bUrl();
        this.pipeline = "transaction".equals(config.text(ConfigKey.MIRROR_PIPELINE)) && !failOnError && shadowIsB
            && bUrl != null && bUrl.startsWith("jdbc:postgresql:");
        this.mirrorDdl = config.flag(ConfigKey.MIRROR_DDL);
        this.schemaTools = config.names(ConfigKey.SCHEMA_TOOLS_TABLES);
        this.scope = TableScope.mirrored(config);
        this.timeout = config.duration(ConfigKey.B_STATEMENT_TIMEOUT);
        // B's own pool sets the timeout on each session (ShadowSession); A as the shadow side has no such pool.
        this.sessionTimeout = shadowIsB && ShadowSession.timeoutSql(config.bUrl(), timeout) != null;
        this.txMaxStatements = config.integer(ConfigKey.JOURNAL_TX_MAX_STATEMENTS);
        Duration budget = config.duration(ConfigKey.B_TRANSACTION_BUDGET);
        this.budget = budget != null ? budget : timeout.multipliedBy(2);
        Duration slow = config.duration(ConfigKey.BREAKER_SLOW_CALL);
        this.breaker = new ShadowBreaker("dualaccess-mirror", shadowIsB ? "B" : "A", config.integer(ConfigKey.BREAKER_WINDOW),
            (float) config.number(ConfigKey.BREAKER_FAILURE_RATE), timeout,
            slow != null ? slow : timeout.dividedBy(2), config.duration(ConfigKey.BREAKER_OPEN_DURATION),
            config.duration(ConfigKey.BREAKER_PROBE_INTERVAL));
    }

    /** The classification of a statement (cached). */
    public StatementInfo classify(String sql) {
        return classifier.classify(sql);
    }

    /**
     * The work as the shadow side runs it: translated for its dialect and schema (arrays bound to
     * {@code = any (?)} expanded), or why it cannot be (then it is skipped and journaled).
     */
    ShadowSql.Translated forShadow(StatementInfo info, Work work) {
        Translator t = translator.get();
        if (!t.active()) {
            return new ShadowSql.Translated(work, false, null, null, false);
        }
        List<String> fingerprints = work.sqls().size() == 1 ? List.of(info.fingerprint())
            : work.sqls().stream().map(s -> classifier.classify(s).fingerprint()).toList();
        return ShadowSql.work(t, work, fingerprints);
    }

    /** Whether a statement of this shape is mirrored at all. */
    public boolean mirrors(StatementInfo info) {
        switch (info.kind()) {
            case WRITE:
                if (!mirrorDdl && schemaTool(info)) {
                    // A schema tool's history follows the DDL it records: B, migrated on its own, keeps its own.
                    return false;
                }
                break;
            case DDL:
                if (!mirrorDdl) {
                    return false;
                }
                break;
            default:
                return false;
        }
        return scope.coversAny(info.tables());
    }

    private boolean schemaTool(StatementInfo info) {
        if (info.tables().isEmpty()) {
            return false;
        }
        for (String t : info.tables()) {
            if (!schemaTools.contains(t) && !schemaTools.contains(t.substring(t.lastIndexOf('.') + 1))) {
                return false;
            }
        }
        return true;
    }

    /** Transaction-control statements written as SQL are passed on so both sides' transactions line up. */
    public boolean isTransactionControl(StatementInfo info) {
        return info.kind() == SqlKind.TRANSACTION;
    }

    /** Fingerprints the shadow side keeps refusing for what they are (kept out of the breaker). */
    Quarantine quarantine() {
        return quarantine;
    }

    /** The breaker guarding the shadow side (for status and metrics). */
    public CircuitBreaker breaker() {
        return breaker.state();
    }

    /** The breaker with its judgement of failures, its cause and its probe. */
    public ShadowBreaker guard() {
        return breaker;
    }

    /** Longest time one application transaction may spend on the shadow side ({@code dualaccess.b.transaction-budget}). */
    long budgetNanos() {
        return budget.toNanos();
    }

    /** The mirror's prepared statements kept per connection of the shadow side's pool. */
    KeptStatements keptStatements() {
        return keptStatements;
    }

    /** Whether the shadow side's sessions carry the statement timeout themselves (no per-statement query timeout then). */
    boolean sessionTimeout() {
        return sessionTimeout;
    }

    /** Seconds for {@code setQueryTimeout}: at least one, since zero means "no limit" in JDBC. */
    int timeoutSeconds() {
        return ShadowSession.querySeconds(timeout);
    }

    long timeoutNanos() {
        return timeout.toNanos();
    }

    int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    boolean failOnError() {
        return failOnError;
    }

    /** Whether a transaction's mirrored statements may wait and go to the shadow side in one round trip. */
    boolean pipeline() {
        return pipeline;
    }

    int txMaxStatements() {
        return txMaxStatements;
    }

    /** The generated key column of a table on the authoritative side, or null. */
    String keyColumn(Connection authoritative, String table) {
        return keyColumns.of(authoritative, table);
    }

    /**
     * Whether explicit values for identity columns need {@code OVERRIDING SYSTEM VALUE} on the
     * shadow side (PostgreSQL and H2 accept it; MariaDB and MySQL do not know it).
     */
    boolean overriding(Connection shadow) throws SQLException {
        Boolean o = overriding;
        if (o == null) {
            String product = shadow.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            o = product.contains("postgres") || product.contains("h2");
            overriding = o;
        }
        return o;
    }

    /** Whether B is the shadow side (for naming sides in events). */
    boolean shadowIsB() {
        return shadowIsB;
    }

    /** The outcome for an exception from the shadow side. */
    Outcome classifyError(SQLException e, long nanos) {
        if (ShadowSession.timedOut(e)) {
            return Outcome.TIMEOUT;
        }
        // No connection to the shadow side is an error of B, however long the pool waited.
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return Outcome.B_ERROR;
        }
        return nanos >= timeout.toNanos() ? Outcome.TIMEOUT : Outcome.B_ERROR;
    }

    /**
     * Before a mirrored write's authoritative call: its observation (datasource-proxy's
     * {@code beforeExecute}), which the write completes as it runs and hands to {@link #after}.
     */
    WriteObservation before(StatementInfo info, Work work) {
        return new WriteObservation(this, "write", info, work);
    }

    /**
     * After a mirrored write (datasource-proxy's {@code afterExecute}): a divergence is journaled at
     * once, on this thread, with what a repair needs; the comparison events (metrics and the admin
     * server's views read them) are built from the observation on the event log's writer thread.
     */
    void after(WriteObservation o) {
        long now = System.currentTimeMillis();
        o.epochMillis = now;
        o.phase = phase.get();
        if (o.outcome().diverged()) {
            String reason = o.outcome().value() + (o.reason() != null ? ":" + o.reason() : "");
            SideResult authoritative = o.authoritativeResult();
            SideResult shadowSide = o.shadowResult();
            for (int i = o.from(); i < o.to(); i++) {
                journal(now, reason, o.tx(), o.work().sql(i), o.work().params(i), o.info(), authoritative.count(),
                    shadowSide.count(), shadowSide.error());
            }
        }
        if (events.aggregates(o.outcome())) {
            // dualaccess.log.aggregate: counted here into the outcome's aggregate, no event built.
            o.countInto(events);
        } else {
            events.publish(o);
        }
    }

    /**
     * A mirrored write that was never sent because the application rolled its transaction back
     * first ({@code dualaccess.mirror.pipeline}): its event, and no journal entry (A kept nothing).
     */
    void unsent(WriteObservation o) {
        o.epochMillis = System.currentTimeMillis();
        o.phase = phase.get();
        if (events.aggregates(o.outcome())) {
            o.countInto(events);
        } else {
            events.publish(o);
        }
    }

    /** Parameter values as the comparison log shows them ({@code dualaccess.log.values}). */
    List<Object> renderedParams(Param[] params) {
        return renderer.params(params);
    }

    /** Appends a divergence to the journal. */
    void journal(long now, String reason, String tx, String sql, Param[] params, StatementInfo info,
                 long authoritativeCount, long shadowCount, String error) {
        journal.append(new DivergenceJournal.Entry(now, reason, tx, sql, params, info.tables(), authoritativeCount,
            shadowCount, error, info.fingerprint()));
    }

    /** Before the authoritative side commits a transaction the shadow side holds: the journal's intent. */
    void intent(String tx, List<String> tables) {
        journal.intent(tx, tables);
    }

    /** The shadow side committed (or the transaction was journaled or rolled back): the intent is done. */
    void completed(String tx) {
        journal.completed(tx);
    }

    /** Publishes an event about a transaction boundary (a failed mirror commit). */
    void recordCommit(Outcome outcome, String reason, String tx, long aNanos, long bNanos, String error, List<String> tables) {
        SideResult auth = new SideResult(-1, aNanos, null);
        SideResult sh = new SideResult(-1, bNanos, error);
        events.publish(new ComparisonEvent(System.currentTimeMillis(), "commit", phase.get(), outcome, reason, "commit",
            "COMMIT", null, shadowIsB ? auth : sh, shadowIsB ? sh : auth, tables, tx, List.of()));
    }

    /**
     * An exception as the event and the journal record it: class, SQLState, vendor code and message
     * (the comparison log masks the values in it, the journal keeps it whole), with the real cause
     * where the top error only wraps it (a pool's "Connection is not available" carries the last
     * connect attempt's error).
     */
    static String message(Throwable e) {
        String top = ErrorText.describe(e);
        Throwable cause = null;
        for (Throwable t = e.getCause(); t != null && t != e; t = t.getCause() == t ? null : t.getCause()) {
            if (cause == null || t instanceof SQLException || !(cause instanceof SQLException)) {
                cause = t;
            }
            if (t instanceof SQLException) {
                break;
            }
        }
        String m = e.getMessage();
        if (cause != null && cause.getMessage() != null && (m == null || !m.contains(cause.getMessage()))) {
            top += " (cause: " + ErrorText.describe(cause) + ")";
        }
        return top;
    }

    /**
     * What the breaker is told of a failure: the same kind, SQLState and vendor code, with the
     * message as the log may show it. Resilience4j logs the exception it records (at debug), so the
     * original, whose message may quote the application's values, never reaches it.
     */
    Throwable forBreaker(Throwable e) {
        String shown = shown(e);
        Throwable t = e instanceof SQLException s ? new SQLException(shown, s.getSQLState(), s.getErrorCode())
            : new IllegalStateException(shown);
        t.setStackTrace(new StackTraceElement[0]);
        return t;
    }

    /** An error message as the application log may show it ({@code dualaccess.log.values}). */
    String shown(Throwable e) {
        return renderer.error(ErrorText.describe(e));
    }

    static long elapsedSince(long startNanos) {
        return System.nanoTime() - startNanos;
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
