package io.dualaccess.jdbc;

import io.dualaccess.mirror.AuthoritativeCall;
import io.dualaccess.mirror.PairedConnection;
import io.dualaccess.mirror.PairedConnection.Counts;
import io.dualaccess.mirror.Work;
import io.dualaccess.param.CapturedParameters;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.route.Route;
import io.dualaccess.shadow.ReadCapture;
import io.dualaccess.shadow.ShadowReads;
import io.dualaccess.sql.StatementInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's statement. Result sets it hands out are ours, and every road back
 * ({@code getConnection()}, {@code ResultSet.getStatement()}) returns our objects. When the
 * connection mirrors writes, each execute goes through its {@link PairedConnection}; otherwise it
 * is a plain delegation.
 */
public class DualStatement extends DelegatingStatement {

    static final Counts<Integer> INT = PairedConnection.ofUpdate(r -> new long[] {r});
    static final Counts<Long> LONG = PairedConnection.ofUpdate(r -> new long[] {r});
    static final Counts<Object> UNKNOWN = r -> new long[] {-1};
    static final Counts<int[]> INTS = PairedConnection.ofUpdate(PairedConnectionCounts::of);
    static final Counts<long[]> LONGS = PairedConnection.ofUpdate(long[]::clone);

    /** The connection the application obtained this statement from. */
    final DualConnection connection;
    /** The SQL it was prepared with, or null for a plain statement. */
    final String sql;
    private DualResultSet current;
    /** Made on first need: see {@link StatementState}. */
    private StatementState state;

    /** The connection's side and phase counts when this statement was made (see DualConnection.beforeExecute). */
    int sideGeneration;
    int routeGeneration;
    /** Set by the application's close(), so a closed statement is never prepared again after a side move. */
    private boolean closed;

    DualStatement(DualConnection connection, Statement delegate, String sql) {
        super(delegate);
        this.connection = connection;
        this.sql = sql;
        this.sideGeneration = connection.sideGeneration;
        this.routeGeneration = connection.routeGeneration;
    }

    @Override
    protected final ResultSet wrapResultSet(ResultSet raw) {
        if (raw == null) {
            return null;
        }
        // getResultSet() may be called repeatedly for the same result: hand out the same wrapper.
        DualResultSet cached = current;
        if (cached == null || cached.delegate != raw) {
            cached = DualResultSet.of(this, raw);
            current = cached;
        }
        return cached;
    }

    @Override
    protected final ResultSet wrapNestedResultSet(ResultSet raw) {
        return DualResultSet.of(this, raw);
    }

    @Override
    protected final Connection wrapConnection(Connection raw) {
        return raw == null ? null : connection;
    }

    /** Counts for execute(): the update count when the first result is one, else unknown. */
    final Counts<Boolean> executeCounts() {
        return hasResultSet -> new long[] {hasResultSet ? -1 : delegate.getUpdateCount()};
    }

    /** How the application made this statement, when not with createStatement() or prepareStatement(sql); else null. */
    final StatementMove.Recipe recipe() {
        StatementState s = state;
        return s == null ? null : s.recipe;
    }

    /** Kept in the state, not in a field: the common statements need no recipe, and every field costs each statement. */
    final void recipe(StatementMove.Recipe recipe) {
        state().recipe = recipe;
    }

    final StatementState state() {
        StatementState s = state;
        if (s == null) {
            s = new StatementState();
            state = s;
        }
        return s;
    }

    /** Keeps dualaccess's copy of the generated keys for the application, if there is one. */
    final void keepKeys(GeneratedKeys.Captured k, boolean askedByApplication) {
        StatementState s = state();
        s.keysCopy = k.forApplication();
        s.keysCopyHasStatement = k.copyHasStatement();
        s.keysAskedForApplication = !askedByApplication;
    }

    /**
     * Before an execute: the connection follows the phase, this execute's {@link Route} is decided
     * once from the phase it pinned ({@link DualConnection#route}), and what the previous execution
     * left for the application is forgotten. In phases that involve no other side nothing is
     * classified and nothing is allocated.
     *
     * @param parametersCaptured whether the statement's parameters can be replayed elsewhere
     */
    final Route beginExecute(String sql, boolean parametersCaptured) throws SQLException {
        connection.beforeExecute(this);
        return began(connection.route(sql, parametersCaptured));
    }

    /** As {@link #beginExecute(String, boolean)}, for a statement whose SQL was classified when it was prepared. */
    final Route beginExecute(StatementInfo classified, boolean parametersCaptured) throws SQLException {
        connection.beforeExecute(this);
        return began(connection.route(classified, parametersCaptured));
    }

    private Route began(Route r) {
        StatementState s = state;
        if (s != null) {
            s.returned = null;
            if (connection.paired != null) {
                s.keysCopy = null;
                s.keptWarnings = null;
                s.keysAskedForApplication = false;
            }
        }
        return r;
    }

    /**
     * A mirrored write that returns rows and whose generated key must reach the mirror
     * ({@code INSERT … RETURNING}): run exactly as the application asked (never asking the driver for
     * generated keys, which PostgreSQL's would answer with these very rows), the keys read from its
     * rows, and the application handed a copy of them ({@link ReturnedRows}).
     *
     * @param call the application's execute; {@code query} tells whether it answers the result itself
     */
    final boolean executeReturning(PairedConnection p, Route route, Work work, String key,
                                   AuthoritativeCall<Boolean> call) throws SQLException {
        ReturnedRows r = new ReturnedRows(key, route.info().insert().rows());
        boolean has = p.write(route, work, () -> {
            boolean h = call.run();
            if (h) {
                r.read(delegate.getResultSet());
            }
            return h;
        }, x -> r.counts(), r::carry, this::keepWarnings);
        keepReturned(r.result());
        return has;
    }

    /** As {@link #executeReturning}, for {@code executeQuery}. */
    final ResultSet queryReturning(PairedConnection p, Route route, Work work, String key,
                                   AuthoritativeCall<ResultSet> call) throws SQLException {
        ReturnedRows r = new ReturnedRows(key, route.info().insert().rows());
        p.write(route, work, () -> r.read(call.run()), x -> r.counts(), r::carry, this::keepWarnings);
        ResultSet rs = keepReturned(r.result());
        return rs;
    }

    /** Wraps what the application reads of a write's returned rows; a copy is kept for getResultSet(). */
    private ResultSet keepReturned(ResultSet raw) {
        if (raw == null || !ReturnedRows.isCopy(raw)) {
            return wrapResultSet(raw);
        }
        DualResultSet d = DualResultSet.of(connection, this, raw, true);
        state().returned = d;
        return d;
    }

    /** Whether the keys of this write must be read from its own rows rather than asked of the driver. */
    static boolean keysFromRows(StatementInfo info, String key) {
        return key != null && info.returnsRows();
    }

    /** Reads the statement's warnings right after a mirrored execution, before the short transaction commits. */
    final void keepWarnings() throws SQLException {
        SQLWarning w = delegate.getWarnings();
        if (w != null || state != null) {
            state().keptWarnings = w;
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        StatementState s = state;
        SQLWarning kept = s == null ? null : s.keptWarnings;
        return kept != null ? kept : delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        StatementState s = state;
        if (s != null) {
            s.keptWarnings = null;
        }
        delegate.clearWarnings();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        StatementState st = state;
        if (st != null && st.keysAskedForApplication) {
            // The application did not ask for keys: answer what its driver answers then (an empty
            // result, or MariaDB's exception), from a statement of our own that did not ask either.
            if (st.probe == null) {
                st.probe = connection.authoritative().createStatement();
            }
            // A harmless statement run without asking for keys, so the driver answers as it does then.
            st.probe.execute("select 1");
            ResultSet none = st.probe.getGeneratedKeys();
            return none == null ? null : DualResultSet.of(connection, none.getStatement() == null ? null : this, none, true);
        }
        ResultSet copy = st == null ? null : st.keysCopy;
        ResultSet raw = copy != null ? copy : delegate.getGeneratedKeys();
        if (raw == null) {
            return null;
        }
        // Its own cache: getResultSet() must still return the wrapper of the current result.
        st = state();
        DualResultSet cached = st.keys;
        if (cached == null || cached.delegate != raw) {
            cached = DualResultSet.of(connection, copy != null && !st.keysCopyHasStatement ? null : this, raw, copy != null);
            st.keys = cached;
        }
        return cached;
    }

    /**
     * Runs a query on the authoritative side; when reads are shadowed (and this one is sampled and
     * replayable), its result digests the rows as the application reads them. The parameters are
     * copied ({@link CapturedParameters#snapshot}) only for a read that is compared or recorded as
     * skipped: a read the sampling leaves out costs no copy.
     *
     * @param params the statement's captured parameters, or null for none (a plain statement)
     */
    final ResultSet shadowed(Route route, String sql, CapturedParameters params,
                             AuthoritativeCall<ResultSet> call) throws SQLException {
        ShadowReads reads = comparedRead(route, sql, params);
        if (reads == null) {
            return wrapResultSet(call.run());
        }
        long start = System.nanoTime();
        ResultSet rs = wrapResultSet(call.run());
        if (rs instanceof DualResultSet d) {
            d.capture = capture(reads, route.info(), sql, params, start);
        }
        return rs;
    }

    /**
     * As {@link #shadowed}, for a read the application runs with {@code execute}: the capture waits
     * for the application to ask for the result ({@link #getResultSet()}).
     */
    final boolean shadowedExecute(Route route, String sql, CapturedParameters params,
                                  AuthoritativeCall<Boolean> call) throws SQLException {
        StatementState st = state;
        if (st != null) {
            st.pendingRead = null;
        }
        ShadowReads reads = comparedRead(route, sql, params);
        if (reads == null) {
            return call.run();
        }
        long start = System.nanoTime();
        boolean hasResult = call.run();
        if (hasResult) {
            state().pendingRead = capture(reads, route.info(), sql, params, start);
        }
        return hasResult;
    }

    /** Starts capturing a compared read; one after a write in the transaction is replayed inside the paired transaction. */
    private ReadCapture capture(ShadowReads reads, StatementInfo info, String sql, CapturedParameters params, long start) {
        ReadCapture c = reads.capture(info, sql, params == null ? null : params.snapshot(), start, null);
        // Null: quarantined or untranslatable for the shadow side, already recorded as skipped.
        if (c != null && !connection.readReplayable()) {
            c.inTransaction(connection.paired);
        }
        return c;
    }

    /**
     * The shadow reads that compare this read, as its route decided, or null; a read the route
     * skipped (inside a transaction that wrote, an excluded table or request path) is recorded as
     * skipped here, where the application runs it as a query.
     */
    private ShadowReads comparedRead(Route route, String sql, CapturedParameters params) {
        ShadowReads reads = connection.shadowReads;
        if (reads == null) {
            return null;
        }
        if (route.compared()) {
            return reads;
        }
        if (route.skipReason() != null) {
            reads.skip(route.info(), sql, params == null || !reads.skipShowsParameters() ? null : params.snapshot(), route.skipReason());
        }
        return null;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        StatementState st = state;
        if (st != null && st.returned != null) {
            return st.returned;
        }
        ResultSet rs = wrapResultSet(delegate.getResultSet());
        ReadCapture pending = st == null ? null : st.pendingRead;
        if (pending != null) {
            st.pendingRead = null;
            if (rs instanceof DualResultSet d && d.capture == null) {
                d.capture = pending;
            }
        }
        return rs;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        forgetPendingRead();
        return super.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        forgetPendingRead();
        return super.getMoreResults(current);
    }

    private void forgetPendingRead() {
        StatementState st = state;
        if (st != null) {
            st.pendingRead = null;
            st.returned = null;
        }
    }

    /** The generated key column to carry for a plain INSERT, or null. */
    private String plainKey(PairedConnection p, Route route) {
        StatementState st = state;
        if (st != null) {
            st.keysCopy = null;
        }
        return p.keyColumn(route);
    }

    private PairedConnection.Completion plainKeys(String key, StatementInfo info, boolean forApplication) {
        return work -> {
            GeneratedKeys.Captured k = GeneratedKeys.read(delegate, key, forApplication);
            keepKeys(k, forApplication);
            return work.withKeys(key, GeneratedKeys.perExecution(k.keys(), 1, info.insert().rows()));
        };
    }

    // ---- plain SQL: mirrored when the connection mirrors writes -----------------------------------------------

    @Override
    public boolean execute(String sql) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return shadowedExecute(r, sql, null, () -> delegate.execute(sql));
        }
        String key = plainKey(p, r);
        if (keysFromRows(info, key)) {
            return executeReturning(p, r, Work.plain(sql), key, () -> delegate.execute(sql));
        }
        if (key != null) {
            return p.write(r, Work.plain(sql), () -> delegate.execute(sql, new String[] {key}), executeCounts(),
                plainKeys(key, info, false), this::keepWarnings);
        }
        return p.write(r, Work.plain(sql), () -> delegate.execute(sql), executeCounts(), null, this::keepWarnings);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.execute(sql, autoGeneratedKeys);
        }
        String key = plainKey(p, r);
        if (keysFromRows(info, key) && autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS) {
            return executeReturning(p, r, Work.plain(sql), key, () -> delegate.execute(sql, autoGeneratedKeys));
        }
        if (key != null) {
            boolean asked = autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS;
            return p.write(r, Work.plain(sql), asked ? () -> delegate.execute(sql, autoGeneratedKeys)
                : () -> delegate.execute(sql, new String[] {key}), executeCounts(), plainKeys(key, info, asked), this::keepWarnings);
        }
        return p.write(r, Work.plain(sql), () -> delegate.execute(sql, autoGeneratedKeys), executeCounts(), null, this::keepWarnings);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.execute(sql, columnIndexes);
        }
        String key = plainKey(p, r);
        // The application asked for these keys itself: they must include the key column to carry.
        return p.write(r, Work.plain(sql), () -> delegate.execute(sql, columnIndexes), executeCounts(), key == null ? null : plainKeys(key, info, true),
            this::keepWarnings);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.execute(sql, columnNames);
        }
        String key = plainKey(p, r);
        // The application asked for these keys itself: they must include the key column to carry.
        return p.write(r, Work.plain(sql), () -> delegate.execute(sql, columnNames), executeCounts(), key == null ? null : plainKeys(key, info, true),
            this::keepWarnings);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return shadowed(r, sql, null, () -> delegate.executeQuery(sql));
        }
        // A write that returns rows (INSERT … RETURNING): mirrored like any write.
        String key = plainKey(p, r);
        if (keysFromRows(info, key)) {
            return queryReturning(p, r, Work.plain(sql), key, () -> delegate.executeQuery(sql));
        }
        return wrapResultSet(p.write(r, Work.plain(sql), () -> delegate.executeQuery(sql), UNKNOWN::of, null, this::keepWarnings));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeUpdate(sql);
        }
        String key = plainKey(p, r);
        if (keysFromRows(info, key)) {
            return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql), INT, new ReturnedRows(key, 1)::carry,
                this::keepWarnings);
        }
        if (key != null) {
            return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql, new String[] {key}), INT,
                plainKeys(key, info, false), this::keepWarnings);
        }
        return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql), INT, null, this::keepWarnings);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeUpdate(sql, autoGeneratedKeys);
        }
        String key = plainKey(p, r);
        if (keysFromRows(info, key) && autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS) {
            return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql, autoGeneratedKeys), INT,
                new ReturnedRows(key, 1)::carry, this::keepWarnings);
        }
        if (key != null) {
            boolean asked = autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS;
            return p.write(r, Work.plain(sql), asked ? () -> delegate.executeUpdate(sql, autoGeneratedKeys)
                : () -> delegate.executeUpdate(sql, new String[] {key}), INT, plainKeys(key, info, asked), this::keepWarnings);
        }
        return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql, autoGeneratedKeys), INT, null, this::keepWarnings);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeUpdate(sql, columnIndexes);
        }
        String key = plainKey(p, r);
        // The application asked for these keys itself: they must include the key column to carry.
        return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql, columnIndexes), INT, key == null ? null : plainKeys(key, info, true),
            this::keepWarnings);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeUpdate(sql, columnNames);
        }
        String key = plainKey(p, r);
        // The application asked for these keys itself: they must include the key column to carry.
        return p.write(r, Work.plain(sql), () -> delegate.executeUpdate(sql, columnNames), INT, key == null ? null : plainKeys(key, info, true),
            this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeLargeUpdate(sql);
        }
        String key = plainKey(p, r);
        if (keysFromRows(info, key)) {
            return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql), LONG, new ReturnedRows(key, 1)::carry,
                this::keepWarnings);
        }
        if (key != null) {
            return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql, new String[] {key}), LONG,
                plainKeys(key, info, false), this::keepWarnings);
        }
        return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql), LONG, null, this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
        }
        String key = plainKey(p, r);
        if (keysFromRows(info, key) && autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS) {
            return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys), LONG,
                new ReturnedRows(key, 1)::carry, this::keepWarnings);
        }
        if (key != null) {
            boolean asked = autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS;
            return p.write(r, Work.plain(sql), asked ? () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys)
                : () -> delegate.executeLargeUpdate(sql, new String[] {key}), LONG, plainKeys(key, info, asked), this::keepWarnings);
        }
        return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys), LONG, null, this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeLargeUpdate(sql, columnIndexes);
        }
        String key = plainKey(p, r);
        // The application asked for these keys itself: they must include the key column to carry.
        return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql, columnIndexes), LONG, key == null ? null : plainKeys(key, info, true),
            this::keepWarnings);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        Route r = beginExecute(sql, true);
        PairedConnection p = connection.paired;
        StatementInfo info = r.info();
        if (!r.paired()) {
            return delegate.executeLargeUpdate(sql, columnNames);
        }
        String key = plainKey(p, r);
        // The application asked for these keys itself: they must include the key column to carry.
        return p.write(r, Work.plain(sql), () -> delegate.executeLargeUpdate(sql, columnNames), LONG, key == null ? null : plainKeys(key, info, true),
            this::keepWarnings);
    }

    // ---- batches of plain SQL ------------------------------------------------------------------------------------

    /**
     * Records the text in every phase (the statement holds state for a batch anyway): a batch added
     * before mirroring began is mirrored when it runs in a phase that mirrors it, and can follow a
     * move of the authoritative side.
     */
    @Override
    public void addBatch(String sql) throws SQLException {
        delegate.addBatch(sql);
        StatementState st = state();
        if (st.batch == null) {
            st.batch = new ArrayList<>();
        }
        st.batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        delegate.clearBatch();
        clearCapturedBatch();
    }

    /** Forgets the batch recorded for the mirror (JDBC empties the batch after executeBatch too). */
    final void clearCapturedBatch() {
        StatementState st = state;
        if (st != null) {
            if (st.batch != null) {
                st.batch.clear();
            }
            if (st.rows != null) {
                st.rows.clear();
            }
        }
    }

    /** The parameter sets of a prepared statement's pending batch as recorded, or null when none were. */
    final List<Param[]> recordedRows() {
        StatementState st = state;
        return st == null ? null : st.rows;
    }

    // ---- following a move of the authoritative side (StatementMove) ---------------------------------------------

    /** Why this statement cannot be prepared again on the other side, or null when it can. */
    String unfollowable() {
        return null;
    }

    /** Whether the application closed this statement. */
    final boolean closedByApplication() {
        return closed;
    }

    /**
     * Takes the vendor statement of {@code fresh} (made on the new side) after giving it this
     * statement's settings and pending batch; {@code fresh}'s wrapper is dropped.
     */
    void takeOver(DualStatement fresh) throws SQLException {
        StatementState st = state;
        if (st != null) {
            if (st.settings != null) {
                st.settings.applyTo(fresh.delegate);
            }
            if (st.batch != null) {
                for (String text : st.batch) {
                    fresh.delegate.addBatch(text);
                }
            }
            // What these held belongs to the closed connection.
            st.keys = null;
            st.keysCopy = null;
            st.keptWarnings = null;
            st.keysAskedForApplication = false;
            st.pendingRead = null;
            st.probe = null;
            st.returned = null;
        }
        delegate = fresh.delegate;
        // The fresh wrapper is dropped: this statement stays the one tracked.
        connection.untrack(fresh);
        current = null;
        sideGeneration = fresh.sideGeneration;
        routeGeneration = fresh.routeGeneration;
    }

    private StatementSettings settings() {
        StatementState st = state();
        if (st.settings == null) {
            st.settings = new StatementSettings();
        }
        return st.settings;
    }

    // Settings are remembered for a side move; each is recorded only after the vendor accepted it.

    @Override
    public void setFetchSize(int rows) throws SQLException {
        delegate.setFetchSize(rows);
        settings().fetchSize(rows);
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        delegate.setFetchDirection(direction);
        settings().fetchDirection(direction);
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        delegate.setMaxFieldSize(max);
        settings().maxFieldSize(max);
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        delegate.setQueryTimeout(seconds);
        settings().queryTimeout(seconds);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        delegate.setMaxRows(max);
        settings().maxRows(max, false);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        delegate.setLargeMaxRows(max);
        settings().maxRows(max, true);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        delegate.setEscapeProcessing(enable);
        settings().escapeProcessing(enable);
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        delegate.setPoolable(poolable);
        settings().poolable(poolable);
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        delegate.closeOnCompletion();
        settings().closeOnCompletion();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        delegate.setCursorName(name);
        settings().cursorName(name);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        connection.beforeExecute(this);
        if (connection.shadowReads != null) {
            connection.noteBatch();
        }
        PairedConnection p = connection.paired;
        List<String> batch = state == null ? null : state.batch;
        if (p == null || batch == null || batch.isEmpty() || sql != null) {
            return executeCapturedBatch(p);
        }
        List<String> texts = List.copyOf(batch);
        clearCapturedBatch();
        Route r = connection.routeBatch(texts);
        if (!r.paired()) {
            return delegate.executeBatch();
        }
        return p.write(r, Work.plainBatch(texts), delegate::executeBatch, INTS, null, this::keepWarnings);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        connection.beforeExecute(this);
        if (connection.shadowReads != null) {
            connection.noteBatch();
        }
        PairedConnection p = connection.paired;
        List<String> batch = state == null ? null : state.batch;
        if (p == null || batch == null || batch.isEmpty() || sql != null) {
            return executeCapturedLargeBatch(p);
        }
        List<String> texts = List.copyOf(batch);
        clearCapturedBatch();
        Route r = connection.routeBatch(texts);
        if (!r.paired()) {
            return delegate.executeLargeBatch();
        }
        return p.write(r, Work.plainBatch(texts), delegate::executeLargeBatch, LONGS, null, this::keepWarnings);
    }

    /** Prepared statements override this to mirror their parameter batches. */
    int[] executeCapturedBatch(PairedConnection p) throws SQLException {
        clearCapturedBatch();
        return delegate.executeBatch();
    }

    /** Prepared statements override this to mirror their parameter batches. */
    long[] executeCapturedLargeBatch(PairedConnection p) throws SQLException {
        clearCapturedBatch();
        return delegate.executeLargeBatch();
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            connection.untrack(this);
        }
        closed = true;
        try {
            connectionClosing();
        } catch (SQLException ignored) {
            // the application's close below is what matters
        }
        delegate.close();
    }

    /** Releases what dualaccess itself opened for this statement (its connection is closing, or it is). */
    final void connectionClosing() throws SQLException {
        StatementState st = state;
        if (st == null) {
            return;
        }
        Statement p = st.probe;
        st.probe = null;
        st.pendingRead = null;
        st.returned = null;
        st.keysCopy = null;
        st.keys = null;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }

    /** Batch results as longs. */
    private static final class PairedConnectionCounts {
        static long[] of(int[] counts) {
            long[] out = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                out[i] = counts[i];
            }
            return out;
        }
    }
}
