package io.dualaccess.cdc;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.keyset.Dialect;
import io.dualaccess.translate.SchemaMapping;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies A's change events to B: each of A's transactions (between the BEGIN and END markers of
 * {@code provide.transaction.metadata}) in one B transaction, together with the position in A's
 * log ({@link OffsetTable}), so B shows a transaction whole or not at all and a restart resumes
 * exactly after the last B commit. Rows are written by primary key (upsert, delete), so a change
 * applied again leaves the same row. Snapshot rows, which carry no transaction, are committed a
 * batch at a time with their position.
 *
 * <p>Runs on the engine's thread only; not thread-safe.
 */
final class ChangeApplier implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);
    /** Change events after which a B transaction holding whole A transactions commits even mid-batch. */
    private static final int GROUP_EVENTS = 5000;

    private final ConnectionSource b;
    private final OffsetTable offsets;
    private final SchemaMapping mapping;
    private final SyncMetrics metrics;

    private Connection conn;
    private Dialect dialect;
    private ValueBinder binder;
    private final Map<String, TableWriter> writers = new HashMap<>();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private PreparedStatement batch;
    private int batched;

    /** Records of the open B transaction, marked processed once it commits. */
    private final List<RecordChangeEvent<SourceRecord>> pending = new ArrayList<>();
    private boolean inTransaction;
    private boolean open;
    private long openTransactions;
    private long looseEvents;
    private long eventsAtBegin;
    private int index;
    private int lastEnd;
    private long openEvents;
    private long openSnapshotRows;
    private long sourceMillis;
    private SourceRecord lastPositioned;
    private volatile boolean dead;

    ChangeApplier(ConnectionSource b, OffsetTable offsets, SchemaMapping mapping, SyncMetrics metrics) {
        this.b = b;
        this.offsets = offsets;
        this.mapping = mapping;
        this.metrics = metrics;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
        throws InterruptedException {
        if (dead) {
            throw new IllegalStateException("dualaccess sync: applier was stopped");
        }
        try {
            lastEnd = -1;
            for (int i = records.size() - 1; i >= 0; i--) {
                if (isEnd(records.get(i).record())) {
                    lastEnd = i;
                    break;
                }
            }
            for (index = 0; index < records.size(); index++) {
                handle(records.get(index), committer);
            }
            if (open && !inTransaction) {
                commit(committer, openTransactions);
            }
            committer.markBatchFinished();
        } catch (SQLException | RuntimeException e) {
            metrics.error(e);
            rollback();
            if (dead) {
                throw new IllegalStateException("dualaccess sync: applier was stopped", e);
            }
            throw new IllegalStateException("dualaccess sync: applying to B failed: " + e.getMessage(), e);
        }
    }

    private void handle(RecordChangeEvent<SourceRecord> event, DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
        throws SQLException, InterruptedException {
        SourceRecord r = event.record();
        if (LOG.isTraceEnabled()) {
            LOG.trace("event topic={} offset={} value={}", r.topic(), r.sourceOffset(), r.value());
        }
        Object value = r.value();
        Schema schema = r.valueSchema();
        if (value instanceof Struct s && schema != null && schema.field("status") != null && schema.field("id") != null
            && schema.field("op") == null) {
            String status = s.getString("status");
            if ("BEGIN".equals(status)) {
                if (open && !inTransaction && looseEvents > 0) {
                    commit(committer, openTransactions); // rows without a transaction (the snapshot) go first, on their own
                }
                begin();
                inTransaction = true;
                eventsAtBegin = openEvents;
                pending.add(event);
            } else if ("END".equals(status)) {
                pending.add(event);
                lastPositioned = r;
                if (!open) {
                    begin();
                }
                inTransaction = false;
                if (openEvents > eventsAtBegin) {
                    openTransactions++;
                }
                // Whole transactions that follow each other in one batch share a B transaction (fewer
                // commits, so the sync keeps up); one is never split, so B never shows half of one.
                if (index >= lastEnd || openEvents >= GROUP_EVENTS) {
                    commit(committer, openTransactions);
                }
            } else {
                pending.add(event);
            }
            return;
        }
        if (value instanceof Struct s && schema != null && schema.field("op") != null && schema.field("source") != null) {
            begin();
            if (!inTransaction) {
                looseEvents++;
            }
            apply(r, s);
            pending.add(event);
            lastPositioned = r;
            return;
        }
        // heartbeats, schema changes, tombstones: nothing to apply
        if (!open && r.topic() != null && r.topic().startsWith("__debezium-heartbeat") && value instanceof Struct h
            && schema != null && schema.field("ts_ms") != null && h.get("ts_ms") instanceof Number t) {
            metrics.caughtUp(t.longValue());
        }
        if (open) {
            pending.add(event);
        } else {
            committer.markProcessed(event);
        }
    }

    private static boolean isEnd(SourceRecord r) {
        return r.value() instanceof Struct s && r.valueSchema() != null && r.valueSchema().field("status") != null
            && r.valueSchema().field("op") == null && "END".equals(s.getString("status"));
    }

    private void begin() throws SQLException {
        if (conn == null) {
            conn = b.open();
            conn.setAutoCommit(false);
            dialect = Dialect.of(conn);
            binder = new ValueBinder(dialect);
        }
        if (!open) {
            open = true;
            openEvents = 0;
            openTransactions = 0;
            looseEvents = 0;
            openSnapshotRows = 0;
            sourceMillis = 0;
        }
    }

    private void apply(SourceRecord r, Struct envelope) throws SQLException {
        String op = envelope.getString("op");
        Struct source = envelope.getStruct("source");
        String aTable = source.getString("table");
        String bTable = mapping.table(aTable);
        Object ts = source.get("ts_ms");
        if (ts instanceof Number n) {
            sourceMillis = Math.max(sourceMillis, n.longValue());
            metrics.receiving(n.longValue());
        } else {
            metrics.receiving(0);
        }
        Object snapshot = source.schema().field("snapshot") != null ? source.get("snapshot") : null;
        // the snapshot's rows carry "true", "first", ..., and "last" on the very last one
        metrics.snapshotting("r".equals(op) && snapshot != null && !"last".equals(snapshot.toString()) && !"false".equals(snapshot.toString()));
        TableWriter writer = writer(bTable);
        openEvents++;
        if ("t".equals(op)) {
            execute(writer.truncate(), List.of());
            return;
        }
        Struct key = r.key() instanceof Struct k ? k : null;
        if (key == null) {
            throw new SQLException("dualaccess sync: table " + aTable + " has no primary key in A's change events; sync needs one "
                + "(PostgreSQL: a primary key, or REPLICA IDENTITY; MySQL/MariaDB: a primary key)");
        }
        List<String> keyCols = new ArrayList<>();
        List<Object[]> keyValues = new ArrayList<>();
        for (Field f : key.schema().fields()) {
            keyCols.add(mapping.column(aTable, f.name()));
            keyValues.add(new Object[] {f.schema(), key.get(f), writer.column(mapping.column(aTable, f.name()))});
        }
        if ("d".equals(op)) {
            execute(writer.delete(keyCols), keyValues);
            return;
        }
        Struct after = envelope.getStruct("after");
        if (after == null) {
            return;
        }
        if ("r".equals(op)) {
            openSnapshotRows++;
        }
        List<String> cols = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        for (Field f : after.schema().fields()) {
            String col = mapping.column(aTable, f.name());
            cols.add(col);
            values.add(new Object[] {f.schema(), after.get(f), writer.column(col)});
        }
        execute(writer.upsert(cols, keyCols), values);
    }

    private TableWriter writer(String bTable) throws SQLException {
        TableWriter w = writers.get(bTable);
        if (w == null) {
            w = TableWriter.of(conn, bTable, dialect);
            writers.put(bTable, w);
        }
        return w;
    }

    /** Adds the row to the JDBC batch of its statement; a different statement first sends the batch, so order is kept. */
    private void execute(String sql, List<Object[]> values) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        if (batch != null && batch != ps) {
            flush();
        }
        int i = 1;
        for (Object[] v : values) {
            binder.bind(conn, ps, i++, (Schema) v[0], v[1], (ValueBinder.BColumn) v[2]);
        }
        ps.addBatch();
        batch = ps;
        if (++batched >= 500) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (batch != null && batched > 0) {
            batch.executeBatch();
        }
        batch = null;
        batched = 0;
    }

    private void commit(DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer, long transactions)
        throws SQLException, InterruptedException {
        flush();
        SourceRecord positioned = lastPositioned;
        if (openEvents == 0) {
            // a transaction of A without a change to a synced table (the log is the whole database's,
            // MySQL's the whole server's): nothing to write; B's position catches up with the next real one
            transactions = 0;
        } else {
            if (positioned != null) {
                offsets.save(conn, positioned.sourcePartition(), positioned.sourceOffset(), transactions, openEvents);
            }
            conn.commit();
        }
        open = false;
        metrics.applied(transactions, openEvents, sourceMillis, positioned == null ? null : OffsetTable.json(positioned.sourceOffset()));
        metrics.snapshotRows(openSnapshotRows);
        for (RecordChangeEvent<SourceRecord> e : pending) {
            committer.markProcessed(e);
        }
        pending.clear();
        lastPositioned = null;
    }

    private void rollback() {
        pending.clear();
        inTransaction = false;
        open = false;
        openTransactions = 0;
        lastPositioned = null;
        batch = null;
        batched = 0;
        closeConnection();
    }

    /** Stops at once, as a crash would: the open B transaction is rolled back by closing its connection. */
    void abort() {
        dead = true;
        Connection c = conn;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("abort of B's connection failed", e);
            }
        }
    }

    void close() {
        dead = true;
        closeConnection();
    }

    private void closeConnection() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing a statement failed", e);
            }
        }
        statements.clear();
        writers.clear();
        Connection c = conn;
        conn = null;
        if (c != null) {
            try {
                if (!c.isClosed()) {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                LOG.debug("rollback failed", e);
            }
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("close failed", e);
            }
        }
    }
}
