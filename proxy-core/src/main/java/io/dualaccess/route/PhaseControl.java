package io.dualaccess.route;

import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The phase of one runtime, changeable while the application runs: global axes and per-table
 * overrides, held as an immutable {@link PhaseSnapshot} in a volatile field. Connections read it
 * at each transaction boundary (each statement in autocommit), so a change takes effect for the
 * next transaction and never in the middle of one.
 *
 * <pre>{@code
 * PhaseControl control = runtime.phaseControl();
 * control.setGlobal(Phase.LIVE, "alice");           // aligns B's sequences first, logs a phase event
 * control.setTable("audit_log", Phase.OFF, "alice");  // not mirrored, not shadowed (A still answers it)
 * control.clearTable("audit_log", "alice");
 * }</pre>
 *
 * <p>With a control table ({@code dualaccess.control.table} in B), every change is written there
 * first, so one change moves the fleet: every runtime polls the table every
 * {@code dualaccess.control.poll} and applies what it finds. The configuration file is the default
 * for whatever the table has no row for.
 */
public final class PhaseControl implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseControl.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    /** What the runtime does around a change; implemented by the runtime. */
    public interface Transitions {
        /**
         * Prepares what {@code to} needs (B's pool, the mirror, the shadow workers) and, when this
         * process asked for the change and B becomes authoritative, moves B's sequences past A's.
         *
         * @param local whether this process asked for the change (else it came from the control table)
         * @return the sequences moved (empty when none)
         */
        List<SequenceAlignment.Result> prepare(PhaseSnapshot from, PhaseSnapshot to, boolean local) throws SQLException;
    }

    /**
     * What an admin view shows about the control.
     *
     * @param current the snapshot in force
     * @param controlTable the control table's name, or null when there is none
     * @param lastPoll when the control table was last read successfully, or null
     * @param problem why the last poll or write failed, or null when it worked
     * @param pendingWrites changes applied here that could not yet be written to the control table
     */
    public record Status(PhaseSnapshot current, String controlTable, Instant lastPoll, String problem, int pendingWrites) {
    }

    private final PhaseSnapshot configured;
    private final Transitions transitions;
    private final ControlTable table;
    private final Duration poll;
    private final List<PhaseListener> listeners = new CopyOnWriteArrayList<>();
    /** Syncs whose lag a local change waits for (before taking {@link #changes}). */
    private final List<LagSource> lagSources = new CopyOnWriteArrayList<>();
    private volatile Duration lagBound = Duration.ofSeconds(1);
    private volatile Duration lagWait = Duration.ofSeconds(30);
    /** Rows applied here but not yet written (B was unreachable); written before the next read. */
    private final Map<String, TableAxes> pending = new LinkedHashMap<>();
    private volatile PhaseSnapshot current;
    private volatile Instant lastPoll;
    private volatile String problem;
    private volatile int pendingCount;
    private ScheduledExecutorService poller;
    private volatile int failures;
    private volatile boolean closed;
    /**
     * Serialises changes and polls, which do I/O (the control table, sequence alignment). Nothing
     * else takes it: {@link #current()} and {@link #status()} read volatile fields, and starting and
     * closing the poller use the object's monitor, never held across I/O, so a hung B can delay the
     * next change, never {@link #close()}.
     */
    private final ReentrantLock changes = new ReentrantLock();

    /**
     * @param configured the phase and overrides of the configuration (the default for missing rows)
     * @param transitions what the runtime does around a change
     * @param table the control table, or null when the phase is local to this process
     * @param poll how often to read the control table ({@link Duration#ZERO}: never)
     */
    public PhaseControl(PhaseSnapshot configured, Transitions transitions, ControlTable table, Duration poll) {
        this.configured = configured;
        this.current = configured;
        this.transitions = Objects.requireNonNull(transitions, "transitions");
        this.table = table;
        this.poll = poll == null ? Duration.ZERO : poll;
    }

    /** The snapshot in force: what a connection pins at its next transaction. */
    public PhaseSnapshot current() {
        return current;
    }

    /** The snapshot the configuration describes (before any change). */
    public PhaseSnapshot configured() {
        return configured;
    }

    /** The control table, its last poll and any problem with it (never waits for a poll in progress). */
    public Status status() {
        return new Status(current, table == null ? null : table.name(), lastPoll, problem, pendingCount);
    }

    /** Adds a listener told of every applied change. */
    public void addListener(PhaseListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(PhaseListener listener) {
        listeners.remove(listener);
    }

    /**
     * Makes every local change wait for a source's lag (the sync from A's change log): see
     * {@link #lagLimits}. The runtime's sync registers itself here when it starts.
     */
    public void addLagSource(LagSource source) {
        lagSources.add(Objects.requireNonNull(source, "source"));
    }

    /** Stops waiting for a source's lag (the sync stopped). */
    public void removeLagSource(LagSource source) {
        lagSources.remove(source);
    }

    /** The lag a change waits to fall below ({@code dualaccess.sync.phase-change-lag}). */
    public Duration lagBound() {
        return lagBound;
    }

    /** The sources a change waits for. */
    public List<LagSource> lagSources() {
        return List.copyOf(lagSources);
    }

    /**
     * How a change waits for the lag sources: until each one's lag is below {@code bound}, at most
     * {@code wait} ({@code dualaccess.sync.phase-change-lag}, {@code dualaccess.sync.phase-change-wait}).
     */
    public void lagLimits(Duration bound, Duration wait) {
        this.lagBound = Objects.requireNonNull(bound, "bound");
        this.lagWait = Objects.requireNonNull(wait, "wait");
    }

    // ---- changes --------------------------------------------------------------------------------------------------

    /**
     * Moves both global axes to a phase's preset.
     *
     * @param actor who asks (logged in the phase event and the control table)
     * @return the snapshot now in force
     * @throws IllegalArgumentException when the change is refused (a per-table override would be
     *         answered by the other side); nothing changed
     * @throws SQLException when preparing failed (B unreachable where it must answer, sequences
     *         could not be aligned); nothing changed
     */
    public PhaseSnapshot setGlobal(Phase phase, String actor) throws SQLException {
        Objects.requireNonNull(phase, "phase");
        return change(null, s -> s.withGlobal(phase.reads(), phase.writes(), s.version() + 1, actor), actor);
    }

    /** Moves the global reads axis only; as {@link #setGlobal}. */
    public PhaseSnapshot setGlobalReads(Reads reads, String actor) throws SQLException {
        Objects.requireNonNull(reads, "reads");
        return change(null, s -> s.withGlobal(reads, s.writes(), s.version() + 1, actor), actor);
    }

    /** Moves the global writes axis only; as {@link #setGlobal}. */
    public PhaseSnapshot setGlobalWrites(Writes writes, String actor) throws SQLException {
        Objects.requireNonNull(writes, "writes");
        return change(null, s -> s.withGlobal(s.reads(), writes, s.version() + 1, actor), actor);
    }

    /**
     * Overrides both axes for one table with a phase's preset. The table must stay answered by the
     * global authoritative side; see {@link PhaseSnapshot#problem()}.
     */
    public PhaseSnapshot setTable(String table, Phase phase, String actor) throws SQLException {
        Objects.requireNonNull(phase, "phase");
        return setTable(table, TableAxes.of(phase), actor);
    }

    /** Overrides one table's reads axis (its writes axis keeps its override or follows the global one). */
    public PhaseSnapshot setTableReads(String table, Reads reads, String actor) throws SQLException {
        Objects.requireNonNull(reads, "reads");
        String t = PhaseSnapshot.normalise(table);
        return setTable(t, overrideOf(t).withReads(reads), actor);
    }

    /** Overrides one table's writes axis (its reads axis keeps its override or follows the global one). */
    public PhaseSnapshot setTableWrites(String table, Writes writes, String actor) throws SQLException {
        Objects.requireNonNull(writes, "writes");
        String t = PhaseSnapshot.normalise(table);
        return setTable(t, overrideOf(t).withWrites(writes), actor);
    }

    /** Removes a table's override: it follows the global axes again. */
    public PhaseSnapshot clearTable(String table, String actor) throws SQLException {
        return setTable(table, new TableAxes(null, null), actor);
    }

    private TableAxes overrideOf(String table) {
        TableAxes t = current.tables().get(table);
        return t == null ? new TableAxes(null, null) : t;
    }

    private PhaseSnapshot setTable(String table, TableAxes axes, String actor) throws SQLException {
        String t = PhaseSnapshot.normalise(table);
        return change(t, s -> s.withTable(t, axes, s.version() + 1, actor), actor);
    }

    private PhaseSnapshot change(String tableName, UnaryOperator<PhaseSnapshot> how, String actor) throws SQLException {
        if (!lagSources.isEmpty()) {
            PhaseSnapshot now = current;
            if (!how.apply(now).validate().sameRouting(now)) {
                // before the lock: waiting here must not hold up polls, status or close
                awaitLag();
            }
        }
        changes.lock();
        try {
            return changeLocked(tableName, how, actor);
        } finally {
            changes.unlock();
        }
    }

    /**
     * Waits until every lag source's lag is known and below the bound; refuses the change (nothing
     * changed) when that does not happen within the wait. Reads in-memory values only.
     */
    private void awaitLag() throws SQLException {
        Duration bound = lagBound;
        Duration wait = lagWait;
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            LagSource behind = null;
            long lag = 0;
            for (LagSource s : lagSources) {
                long l = s.lagMillis();
                if (l < 0 || l >= bound.toMillis()) {
                    behind = s;
                    lag = l;
                    break;
                }
            }
            if (behind == null) {
                return;
            }
            if (closed) {
                throw new SQLException("dualaccess: this runtime is closed; its phase can no longer change", "55000");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String what = lag < 0 ? "is not known yet (the sync is " + behind.status().get("state") + ")" : "is " + lag + " ms";
                throw new SQLException("dualaccess: phase change refused: the lag of sync " + behind.name() + " " + what
                    + " at position " + (behind.position().isEmpty() ? "(none yet)" : behind.position())
                    + ", and did not fall below the bound of " + bound.toMillis() + " ms (dualaccess.sync.phase-change-lag) within "
                    + wait.toMillis() + " ms (dualaccess.sync.phase-change-wait); nothing changed, try again when the sync has caught up",
                    "55000");
            }
            try {
                Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("dualaccess: phase change interrupted while waiting for the sync's lag", "57014", e);
            }
        }
    }

    private PhaseSnapshot changeLocked(String tableName, UnaryOperator<PhaseSnapshot> how, String actor) throws SQLException {
        if (closed) {
            throw new SQLException("dualaccess: this runtime is closed; its phase can no longer change", "55000");
        }
        PhaseSnapshot before = current;
        PhaseSnapshot after = how.apply(before).validate();
        List<SequenceAlignment.Result> sequences = List.of();
        if (!after.sameRouting(before)) {
            sequences = transitions.prepare(before, after, true);
        }
        if (table != null) {
            String target = tableName == null ? ControlTable.GLOBAL : tableName;
            TableAxes row = tableName == null ? new TableAxes(after.reads(), after.writes()) : after.tables().get(tableName);
            Reads r = row == null ? null : row.reads();
            Writes w = row == null ? null : row.writes();
            try {
                table.write(target, r, w, actor);
                problem = null;
            } catch (SQLException e) {
                // Applied here anyway (taking B out of the path must work while B is down); written
                // before the next poll reads, so the old row cannot undo it.
                pending.put(target, new TableAxes(r, w));
                pendingCount = pending.size();
                problem = "cannot write control table " + table.name() + ": " + e;
                LOG.warn("dualaccess: phase change to {} applied to this instance only: {}; retried at every poll", after, problem);
            }
        }
        if (after.sameRouting(before)) {
            return before;
        }
        apply(before, after, tableName, actor, "local", sequences);
        return after;
    }

    private void apply(PhaseSnapshot before, PhaseSnapshot after, String tableName, String actor, String source,
                       List<SequenceAlignment.Result> sequences) {
        current = after;
        LOG.info("dualaccess phase: {} -> {} ({}, by {})", before, after, source, actor);
        PhaseChange change = new PhaseChange(before, after, tableName, actor, source, sequences);
        for (PhaseListener l : listeners) {
            try {
                l.changed(change);
            } catch (RuntimeException e) {
                LOG.warn("phase listener failed", e);
            }
        }
    }

    // ---- the control table ----------------------------------------------------------------------------------------

    /** Whether this control reads a control table. */
    public boolean shared() {
        return table != null;
    }

    /**
     * Starts polling the control table on a daemon thread ({@code dualaccess-control-N}).
     *
     * @param readNow whether to read it once first, on the caller's thread, so the fleet's phase
     *                applies from the first connection (false when B is known to be down)
     */
    public void start(boolean readNow) {
        synchronized (this) {
            if (table == null || poller != null || closed) {
                return;
            }
        }
        if (readNow) {
            // Outside the monitor: a read that hangs on B must not hold up close().
            refreshQuietly();
        }
        if (poll.isZero()) {
            return;
        }
        synchronized (this) {
            if (poller != null || closed) {
                return;
            }
            ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(1, new DaemonThreads("control"));
            p.setRemoveOnCancelPolicy(true);
            poller = p;
            p.schedule(this::pollOnce, poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pollOnce() {
        if (closed) {
            return;
        }
        long next = poll.toMillis();
        if (!refreshQuietly()) {
            int f = failures;
            long backoff = poll.toMillis() << Math.min(f, 16);
            next = Math.min(Math.max(poll.toMillis(), MAX_BACKOFF.toMillis()), backoff);
        }
        ScheduledExecutorService p = poller;
        if (!closed && p != null) {
            try {
                p.schedule(this::pollOnce, next, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                // closed meanwhile
            }
        }
    }

    private boolean refreshQuietly() {
        try {
            refresh();
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads the control table now and applies what it says (writing first what this instance could
     * not write before). A failure keeps the phase in force and is logged (once, then again when
     * the backoff grows), then thrown.
     *
     * @return the snapshot in force afterwards
     */
    public PhaseSnapshot refresh() throws SQLException {
        if (table == null) {
            return current;
        }
        changes.lock();
        try {
            return refreshLocked();
        } finally {
            changes.unlock();
        }
    }

    private PhaseSnapshot refreshLocked() throws SQLException {
        if (closed) {
            return current;
        }
        try {
            for (Map.Entry<String, TableAxes> e : List.copyOf(pending.entrySet())) {
                table.write(e.getKey(), e.getValue().reads(), e.getValue().writes(), current.actor());
                pending.remove(e.getKey());
                pendingCount = pending.size();
            }
            Map<String, ControlTable.Row> rows = table.read();
            PhaseSnapshot before = current;
            PhaseSnapshot polled = fromRows(rows, before);
            lastPoll = Instant.now();
            if (failures > 0) {
                LOG.info("dualaccess: control table {} readable again after {} failed poll(s)", table.name(), failures);
            }
            failures = 0;
            problem = null;
            if (!polled.sameRouting(before)) {
                String bad = polled.problem();
                if (bad != null) {
                    problem = "control table " + table.name() + " holds a phase this version cannot serve: " + bad;
                    LOG.error("dualaccess: {}; keeping {}", problem, before);
                    return before;
                }
                transitions.prepare(before, polled, false);
                apply(before, polled, changedTable(before, polled), polled.actor(), "control-table", List.of());
            }
            return current;
        } catch (SQLException | RuntimeException e) {
            failures++;
            problem = "cannot read control table " + table.name() + ": " + e;
            // Logged on the first failure and each time the wait doubles past a power of two, not every poll.
            if (Integer.bitCount(failures) == 1) {
                LOG.warn("dualaccess: {} (failure {}; keeping phase {}; retrying with backoff)", problem, failures, current);
            }
            throw e;
        }
    }

    /** The snapshot the rows describe, the configuration filling what they leave out. */
    private PhaseSnapshot fromRows(Map<String, ControlTable.Row> rows, PhaseSnapshot before) {
        Reads reads = configured.reads();
        Writes writes = configured.writes();
        Map<String, TableAxes> tables = new LinkedHashMap<>(configured.tables());
        String actor = "control-table";
        for (ControlTable.Row row : rows.values()) {
            if (ControlTable.GLOBAL.equals(row.target())) {
                reads = row.reads() != null ? row.reads() : reads;
                writes = row.writes() != null ? row.writes() : writes;
            } else {
                tables.put(PhaseSnapshot.normalise(row.target()), new TableAxes(row.reads(), row.writes()));
            }
            // Rows come in version order: the last one is the latest change.
            actor = row.updatedBy() != null ? row.updatedBy() : actor;
        }
        return PhaseSnapshot.of(reads, writes, tables, before.version() + 1, actor);
    }

    private static String changedTable(PhaseSnapshot before, PhaseSnapshot after) {
        if (before.reads() != after.reads() || before.writes() != after.writes()) {
            return null;
        }
        String changed = null;
        Set<String> names = new TreeSet<>(before.tables().keySet());
        names.addAll(after.tables().keySet());
        for (String t : names) {
            if (!Objects.equals(before.tables().get(t), after.tables().get(t))) {
                if (changed != null) {
                    return null;
                }
                changed = t;
            }
        }
        return changed;
    }

    /** Stops polling. */
    @Override
    public synchronized void close() {
        closed = true;
        ScheduledExecutorService p = poller;
        poller = null;
        if (p != null) {
            p.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "PhaseControl[" + current + (table != null ? ", " + table : "") + "]";
    }
}
