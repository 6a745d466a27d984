package io.dualaccess.backfill;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.events.ErrorText;
import io.dualaccess.keyset.ChunkOptions;
import io.dualaccess.keyset.CopyStage;
import io.dualaccess.keyset.KeysetSql;
import io.dualaccess.keyset.Dialect;
import io.dualaccess.keyset.Keys;
import io.dualaccess.keyset.Side;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.keyset.WholeRows;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.threads.DaemonThreads;
import io.dualaccess.translate.SchemaMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the rows A has and B lacks, table by table, while the application writes through the
 * proxy in {@code dual-write}:
 *
 * <ol>
 * <li><b>Plan</b> (once per run and table, by whichever worker comes first): A's keys are read in
 *     order and cut into chunks of {@code chunkSize} keys, stored in B ({@link Checkpoints}).</li>
 * <li><b>Lease</b>: a worker locks one chunk's row in B with {@code FOR UPDATE SKIP LOCKED} and
 *     keeps that transaction open while it copies the chunk; other workers, in this process or on
 *     other machines, skip it. A worker that dies releases its lease with its session.</li>
 * <li><b>Copy</b> page by page (keyset pagination, composite keys too): the page is read on A
 *     under a shared row lock ({@link Dialect#shareLock()}), inserted into B if absent
 *     ({@link Side#insertIfAbsent()}: a row the mirror already wrote is never overwritten, and never
 *     duplicated), the checkpoint is advanced in the same B transaction, B commits, then A commits
 *     and releases the locks. A mirrored write to those rows waits for the lock on A, so it reaches
 *     B after the copy, never before it.</li>
 * </ol>
 *
 * A stopped or killed run resumes from each chunk's checkpoint when started again with the same
 * run id. Rows per second are limited per process if asked.
 *
 * <pre>{@code
 * BackfillResult r = Backfill.builder(aSource, bSource).tables(List.of("orders")).chunkSize(1000)
 *     .workers(2).build().run();
 * }</pre>
 */
public final class Backfill {

    /**
     * Worker threads per process unless told otherwise, for the library and the CLI alike: two, so one
     * worker's locked read on A overlaps the other's write into B (measured in docs/performance.md,
     * "Backfill, verify and repair").
     */
    public static final int DEFAULT_WORKERS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private static final int MAX_ATTEMPTS = 30;
    private static final int PLAN_FETCH = 10_000;

    private final ConnectionSource aSource;
    private final ConnectionSource bSource;
    private final List<String> tables;
    /** B's names for A's tables and columns ({@code dualaccess.map.file}). */
    private final SchemaMapping mapping;
    private final int chunkSize;
    private final int workers;
    private final String run;
    private final RateLimiter limiter;
    private final BackfillListener listener;
    private final String workerName;
    private volatile boolean stopped;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicInteger chunksDone = new AtomicInteger();

    private Backfill(Builder b) {
        this.aSource = b.a;
        this.bSource = b.b;
        this.tables = List.copyOf(b.tables);
        this.mapping = b.mapping;
        this.chunkSize = b.chunkSize;
        this.workers = b.workers;
        this.run = b.run;
        this.limiter = new RateLimiter(b.rowsPerSecond);
        this.listener = b.listener;
        this.workerName = b.workerName != null ? b.workerName : defaultWorkerName();
    }

    /** A backfill from A to B; each source opens new connections. */
    public static Builder builder(ConnectionSource a, ConnectionSource b) {
        return new Builder(a, b);
    }

    /**
     * The outcome of one process's part of a run.
     *
     * @param run the run id
     * @param rowsRead rows this process read from A and wrote to B
     * @param rowsInserted of them, rows B lacked (0 where the engine does not tell, MariaDB)
     * @param chunks chunks this process finished
     * @param elapsed wall time
     * @param status the whole run afterwards, every process together
     * @param stopped whether {@link #stop()} ended it early
     */
    public record Result(String run, long rowsRead, long rowsInserted, int chunks, Duration elapsed,
                         BackfillStatus status, boolean stopped) {
    }

    /** Worker threads this process copies with. */
    int workers() {
        return workers;
    }

    /** Asks the workers to stop after their current page; {@link #run()} then returns, resumable. */
    public void stop() {
        stopped = true;
    }

    /** Rows this process has copied so far (for progress display). */
    public long rowsRead() {
        return rowsRead.get();
    }

    /**
     * Plans what is not planned yet, then copies with {@code workers} threads until no chunk is
     * left to lease (chunks other processes hold are theirs to finish).
     *
     * @throws SQLException the first error a worker could not retry past (others are suppressed)
     */
    public Result run() throws SQLException, InterruptedException {
        long start = System.nanoTime();
        List<TablePair> pairs = new ArrayList<>();
        // The planning connections go on to the first worker (each new one costs an authentication).
        Connection planA = aSource.open();
        Connection planB;
        try {
            planB = bSource.open();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(planA, e);
            throw e;
        }
        try {
            planB.setAutoCommit(false);
            Checkpoints.create(planB);
            for (String t : tables) {
                TablePair pair = TablePair.read(planA, planB, t, mapping);
                pairs.add(pair);
                plan(planA, planB, pair);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(planA, e);
            closeQuietly(planB, e);
            throw e;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, new DaemonThreads("backfill"));
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            String name = workerName + "/" + i;
            Connection givenA = i == 0 ? planA : null;
            Connection givenB = i == 0 ? planB : null;
            futures.add(pool.submit(() -> {
                new Worker(name, pairs).run(givenA, givenB);
                return null;
            }));
        }
        pool.shutdown();
        Throwable first = null;
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                // The caller gives up: the workers stop too (each rolls back its page and gives its
                // lease back), and the run ends only once they have, so nothing copies on unseen.
                stopped = true;
                pool.shutdownNow();
                awaitWorkers(pool);
                // The first worker closes the planning connections; if it never started, they close here
                // (closing a closed connection does nothing).
                closeQuietly(planA, e);
                closeQuietly(planB, e);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (first == null) {
                    first = cause;
                    stopped = true; // the others finish their page and stop: the run is broken anyway
                } else {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first instanceof SQLException s) {
            throw s;
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new SQLException("backfill worker failed: " + first, first);
        }
        BackfillStatus status = status(bSource, run);
        return new Result(run, rowsRead.get(), rowsInserted.get(), chunksDone.get(),
            Duration.ofNanos(System.nanoTime() - start), status, stopped);
    }

    /** The progress of a run as B's checkpoint tables hold it (empty when there is none). */
    public static BackfillStatus status(ConnectionSource b, String run) throws SQLException {
        List<BackfillStatus.Table> out = new ArrayList<>();
        try (Connection c = b.open()) {
            if (!checkpointsExist(c)) {
                return new BackfillStatus(run, out);
            }
            for (String t : Checkpoints.tables(c, run)) {
                Checkpoints.TableState s = Checkpoints.state(c, run, t);
                out.add(new BackfillStatus.Table(t, s.planned(), s.chunks(), s.chunksDone(), s.totalRows(), s.rowsRead(),
                    s.rowsInserted()));
            }
        }
        return new BackfillStatus(run, out);
    }

    /** Forgets a run's plan and checkpoints, so the same run id starts over; returns rows deleted. */
    public static int reset(ConnectionSource b, String run) throws SQLException {
        try (Connection c = b.open()) {
            if (!checkpointsExist(c)) {
                return 0;
            }
            c.setAutoCommit(false);
            int n = Checkpoints.reset(c, run);
            c.commit();
            return n;
        }
    }

    private static boolean checkpointsExist(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Checkpoints.RUN)) {
            return rs.next();
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return false;
        }
    }

    private String key(TablePair pair) {
        return pair.table().trim().toLowerCase(Locale.ROOT);
    }

    private void plan(Connection a, Connection b, TablePair pair) throws SQLException {
        String table = key(pair);
        Checkpoints.insertRunIfAbsent(b, run, table, chunkSize);
        if (Checkpoints.lockRun(b, run, table)) {
            b.commit();
            return;
        }
        long t0 = System.nanoTime();
        Side side = pair.a();
        List<Checkpoints.Chunk> chunks = new ArrayList<>();
        long count = 0;
        if (!pair.keyed()) {
            // No key to cut chunks by: one chunk, copied as whole-row multisets bucket by bucket.
            count = new WholeRows(side, pair.labels(), NormalizationRules.defaults(), 1).count(a);
            chunks.add(new Checkpoints.Chunk(0, null, null));
            Checkpoints.storePlan(b, run, table, chunks, count);
            b.commit();
            LOG.info("backfill {}: planned {} ({} rows, by {})", run, table, count, pair.walk());
            return;
        }
        boolean auto = a.getAutoCommit();
        a.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
        try (Statement s = a.createStatement()) {
            s.setFetchSize(PLAN_FETCH);
            if (side.dialect() == Dialect.POSTGRESQL) {
                // Only the chunks' ends cross the network: every chunkSize-th key, hopped to through
                // the key's index in A, then the rows after the last end counted.
                String lo = null;
                List<Object> last = null;
                try (ResultSet rs = s.executeQuery(side.chunkEndsHopQuery(chunkSize))) {
                    while (rs.next()) {
                        last = side.readKey(rs);
                        String hi = Keys.encode(last);
                        chunks.add(new Checkpoints.Chunk(chunks.size(), lo, hi));
                        lo = hi;
                    }
                }
                // The last chunk is open-ended: it also takes rows A gains past the last key meanwhile.
                chunks.add(new Checkpoints.Chunk(chunks.size(), lo, null));
                try (PreparedStatement ps = a.prepareStatement(side.countAfterQuery(last != null))) {
                    side.bindRange(ps, last, null);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        count = (long) (chunks.size() - 1) * chunkSize + rs.getLong(1);
                    }
                }
            } else {
                try (ResultSet rs = s.executeQuery(side.keysQuery())) {
                    String lo = null;
                    while (rs.next()) {
                        if (++count % chunkSize == 0) {
                            String hi = Keys.encode(side.readKey(rs));
                            chunks.add(new Checkpoints.Chunk(chunks.size(), lo, hi));
                            lo = hi;
                        }
                    }
                    // The last chunk is open-ended: it also takes rows A gains past the last key meanwhile.
                    chunks.add(new Checkpoints.Chunk(chunks.size(), lo, null));
                }
            }
            a.commit();
        } finally {
            a.setAutoCommit(auto);
        }
        Checkpoints.storePlan(b, run, table, chunks, count);
        b.commit();
        LOG.info("backfill {}: planned {} ({} rows, {} chunks of {}) in {} ms", run, table, count, chunks.size(),
            chunkSize, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Most rows a piped page copies: a tenth more than a chunk's planned keys, so that a chunk which
     * gained a few rows since it was planned still goes in one page.
     */
    static int pageLimit(int chunkSize) {
        return chunkSize + Math.max(1, chunkSize / 10);
    }

    private static boolean retryable(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState() == null ? "" : x.getSQLState();
            int code = x.getErrorCode();
            // serialization failure or deadlock (40001, 40P01), PostgreSQL lock_timeout (55P03),
            // MariaDB deadlock (1213) and lock wait timeout (1205), H2 lock timeout (HYT00, 50200).
            if (state.startsWith("40") || state.equals("55P03") || code == 1213 || code == 1205 || state.equals("HYT00")
                || code == 50200) {
                return true;
            }
        }
        return false;
    }

    private static String defaultWorkerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Waits for stopped workers to end, however often this thread is interrupted meanwhile. */
    private static void awaitWorkers(ExecutorService pool) {
        for (int i = 0; i < 600 && !pool.isTerminated(); i++) {
            try {
                pool.awaitTermination(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException again) {
                // already stopping; keep waiting for the workers to give their leases back
            }
        }
    }

    /** Whether this worker should stop: the run stopped, or its thread was interrupted. */
    private boolean stopping() {
        return stopped || Thread.currentThread().isInterrupted();
    }

    /** One worker: its own three connections (A, B for rows, B for the lease). */
    private final class Worker {
        private final String name;
        private final List<TablePair> pairs;

        Worker(String name, List<TablePair> pairs) {
            this.name = name;
            this.pairs = pairs;
        }

        /** Copies chunks until none is left; {@code givenA} and {@code givenB} (closed here) or new connections. */
        void run(Connection givenA, Connection givenB) throws SQLException, InterruptedException {
            try (Connection a = givenA != null ? givenA : aSource.open(); Connection b = givenB != null ? givenB : bSource.open();
                 Connection lease = bSource.open()) {
                prepareA(a);
                b.setAutoCommit(false);
                lease.setAutoCommit(false);
                for (TablePair pair : pairs) {
                    String table = key(pair);
                    Side aSide = pair.a();
                    Side bSide = pair.b();
                    if (!pair.keyed()) {
                        copyWholeRows(a, b, lease, pair, table);
                        if (stopped) {
                            return;
                        }
                        continue;
                    }
                    int block = Math.min(chunkSize, bSide.rowsPerInsert());
                    try (PreparedStatement insert = b.prepareStatement(bSide.insertIfAbsent());
                         PreparedStatement blockInsert = block > 1 ? b.prepareStatement(bSide.insertIfAbsent(block)) : null;
                         PreparedStatement advance = Checkpoints.prepareAdvance(b)) {
                        Inserts inserts = new Inserts(bSide, insert, blockInsert, block, CopyStage.of(b, bSide),
                            CopyStage.sameTypes(aSide, bSide) && CopyStage.copiesOut(a), CopyStage.binary(aSide, bSide));
                        while (!stopping()) {
                            Checkpoints.Chunk chunk = Checkpoints.lease(lease, bSide.dialect(), run, table);
                            if (chunk == null) {
                                lease.rollback();
                                break;
                            }
                            boolean whole;
                            try {
                                whole = copy(a, b, pair, table, chunk, inserts, advance);
                            } catch (InterruptedException e) {
                                // Interrupted while waiting (rate limit, retry pause): give the lease back now.
                                lease.rollback();
                                throw e;
                            }
                            if (whole) {
                                Checkpoints.finish(lease, run, table, chunk.no(), name);
                                chunksDone.incrementAndGet();
                            } else {
                                lease.rollback();
                            }
                        }
                    }
                    if (stopping()) {
                        return;
                    }
                }
            }
        }

        /**
         * A table without a key: its one chunk, if this worker gets the lease. Copies of rows A holds
         * more often than B are inserted into B, bucket group by bucket group (see {@link WholeRows});
         * nothing in B is overwritten or deleted. Without a key nothing tells a mirrored row from a
         * copied one, so a write to the table while its chunk is copied may end up twice in B (or a
         * deleted row copied back): verify such tables after the backfill.
         */
        private void copyWholeRows(Connection a, Connection b, Connection lease, TablePair pair, String table)
            throws SQLException, InterruptedException {
            Checkpoints.Chunk chunk = Checkpoints.lease(lease, pair.b().dialect(), run, table);
            if (chunk == null) {
                lease.rollback();
                return;
            }
            NormalizationRules rules = NormalizationRules.defaults();
            List<String> labels = pair.labels();
            WholeRows probe = new WholeRows(pair.a(), labels, rules, 1);
            int buckets = WholeRows.buckets(probe.count(a), chunkSize);
            a.commit();
            WholeRows onA = new WholeRows(pair.a(), labels, rules, buckets);
            WholeRows onB = new WholeRows(pair.b(), labels, rules, buckets);
            ResultDigest[] digestsA = onA.digests(a);
            BitSet differing = WholeRows.differing(digestsA, onB.digests(b));
            long totalA = Arrays.stream(digestsA).mapToLong(d -> d == null ? 0 : d.rowCount()).sum();
            long rowsA = 0;
            try (PreparedStatement insert = b.prepareStatement(pair.b().insert());
                 PreparedStatement advance = Checkpoints.prepareAdvance(b)) {
                for (int from = differing.nextSetBit(0); from >= 0 && !stopped; ) {
                    BitSet group = new BitSet(buckets);
                    int i = from;
                    for (int n = 0; i >= 0 && n < Math.max(1, 100_000 / chunkSize); i = differing.nextSetBit(i + 1), n++) {
                        group.set(i);
                    }
                    from = i;
                    Map<List<Object>, WholeRows.Copies> inA = onA.rows(a, group);
                    Map<List<Object>, WholeRows.Copies> inB = onB.rows(b, group);
                    long read = 0;
                    int inserted = 0;
                    for (Map.Entry<List<Object>, WholeRows.Copies> e : inA.entrySet()) {
                        WholeRows.Copies other = inB.get(e.getKey());
                        long lacking = e.getValue().count() - (other == null ? 0 : other.count());
                        read += e.getValue().count();
                        for (long c = 0; c < lacking; c++) {
                            pair.b().bindRow(insert, 1, e.getValue().row());
                            insert.addBatch();
                            inserted++;
                        }
                    }
                    limiter.acquire((int) Math.min(Integer.MAX_VALUE, Math.max(1, read)));
                    if (inserted > 0) {
                        insert.executeBatch();
                    }
                    Checkpoints.advance(advance, run, table, chunk.no(), null, read, inserted);
                    b.commit();
                    rowsA += read;
                    rowsRead.addAndGet(read);
                    rowsInserted.addAndGet(inserted);
                    listener.page(table, chunk.no(), (int) read, inserted);
                }
                if (!stopped && totalA > rowsA) {
                    // The rows of the buckets that already agreed count as read too.
                    Checkpoints.advance(advance, run, table, chunk.no(), null, totalA - rowsA, 0);
                    b.commit();
                    rowsRead.addAndGet(totalA - rowsA);
                }
            } catch (SQLException e) {
                rollbackQuietly(b, e);
                throw e;
            }
            if (stopped) {
                lease.rollback();
                return;
            }
            Checkpoints.finish(lease, run, table, chunk.no(), name);
            chunksDone.incrementAndGet();
            LOG.info("backfill {}: {} by {}: {} differing bucket(s) of {}, {} row(s) of A in them", run, table, pair.walk(),
                differing.cardinality(), buckets, rowsA);
        }

        private void prepareA(Connection a) throws SQLException {
            Dialect d = Dialect.of(a);
            try (Statement s = a.createStatement()) {
                if (d == Dialect.POSTGRESQL) {
                    // Give way quickly to an application transaction holding a row we want (then retry):
                    // shorter than deadlock_timeout, so in a lock cycle we are usually the one to back off.
                    s.execute("SET lock_timeout = '800ms'");
                } else if (d == Dialect.MARIADB) {
                    s.execute("SET SESSION innodb_lock_wait_timeout = 5");
                }
            }
            a.setAutoCommit(false);
            // Locking reads see the latest committed rows at any level; READ COMMITTED spares MariaDB's
            // gap locks, which would block the application's inserts between our keys.
            a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }

        /** Copies one leased chunk from its checkpoint; false when stopped before its end. */
        private boolean copy(Connection a, Connection b, TablePair pair, String table, Checkpoints.Chunk chunk,
                             Inserts insert, PreparedStatement advance) throws SQLException, InterruptedException {
            Side aSide = pair.a();
            Checkpoints.Progress p = Checkpoints.progress(b, run, table, chunk.no());
            b.commit();
            String from = p.cursor() != null ? p.cursor() : chunk.lo();
            List<Object> cursor = from == null ? null : Keys.decode(from, aSide.key());
            List<Object> hi = chunk.hi() == null ? null : Keys.decode(chunk.hi(), aSide.key());
            while (true) {
                if (stopping()) {
                    return false;
                }
                limiter.acquire(chunkSize);
                Page page = null;
                for (int attempt = 1; page == null; attempt++) {
                    try {
                        page = copyPage(a, b, pair, table, chunk.no(), cursor, hi, insert, advance);
                    } catch (SQLException e) {
                        rollbackQuietly(b, e);
                        rollbackQuietly(a, e);
                        boolean duplicate = Dialect.isDuplicateKey(e) && (pair.b().dialect() == Dialect.H2
                            || pair.b().dialect() == Dialect.OTHER);
                        if (attempt >= MAX_ATTEMPTS || !(retryable(e) || duplicate)) {
                            throw e;
                        }
                        LOG.debug("backfill {} {} chunk {}: retrying a page after {}", run, table, chunk.no(), ErrorText.masked(e.toString()));
                        Thread.sleep(Math.min(1000, 20L * attempt));
                    }
                }
                rowsRead.addAndGet(page.rows);
                rowsInserted.addAndGet(page.inserted);
                listener.page(table, chunk.no(), page.rows, page.inserted);
                // A piped page knows its end by key (rows deleted meanwhile can make it short); a read page by its size.
                if (page.last == null || !insert.pipe && page.rows < chunkSize
                    || (chunk.hi() != null && chunk.hi().equals(page.lastEncoded))) {
                    return true;
                }
                cursor = page.last;
            }
        }

        private Page copyPage(Connection a, Connection b, TablePair pair, String table, int chunk, List<Object> cursor,
                              List<Object> hi, Inserts insert, PreparedStatement advance) throws SQLException {
            if (insert.pipe) {
                return pipePage(a, b, pair, table, chunk, cursor, hi, insert, advance);
            }
            Side aSide = pair.a();
            Side bSide = pair.b();
            List<Object[]> rows = new ArrayList<>(chunkSize);
            String sql = aSide.rangeQuery(cursor != null, hi != null, chunkSize, aSide.dialect().shareLock());
            try (PreparedStatement ps = a.prepareStatement(sql)) {
                aSide.bindRange(ps, cursor, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(aSide.readRow(rs));
                    }
                }
            }
            if (rows.isEmpty()) {
                a.commit();
                return new Page(0, 0, cursor, null);
            }
            int inserted = insert.write(rows);
            if (!bSide.dialect().countsInserts()) {
                inserted = 0;
            }
            List<Object> last = aSide.keyOf(rows.get(rows.size() - 1));
            String lastEncoded = Keys.encode(last);
            Checkpoints.advance(advance, run, table, chunk, lastEncoded, rows.size(), inserted);
            b.commit();
            // Only now may the application's writes to these rows proceed on A and then reach B.
            a.commit();
            return new Page(rows.size(), inserted, last, lastEncoded);
        }

        /**
         * A page between two PostgreSQL tables of the same column types: A's
         * {@code COPY (… ORDER BY key LIMIT n FOR SHARE) TO STDOUT} of the rest of the chunk streams
         * straight into B's table (or, where B holds some of the keys, into B's stage, and the rows B
         * lacks are inserted from there). A planned chunk holds {@code chunkSize} keys, so the page
         * nearly always is the rest of the chunk and needs no boundary query; the limit
         * ({@link #pageLimit}) bounds the page of a chunk that grew since it was planned, whose page
         * then ends at the {@code n}-th key counted again after the COPY. A's locks are held until B
         * commits, as for a page read row by row.
         */
        private Page pipePage(Connection a, Connection b, TablePair pair, String table, int chunk, List<Object> cursor,
                              List<Object> hi, Inserts insert, PreparedStatement advance) throws SQLException {
            Side aSide = pair.a();
            int limit = pageLimit(chunkSize);
            String select = aSide.lockedRangeInline(cursor, hi, limit);
            if (select == null) {
                select = KeysetSql.lockedRangeInline(aSide, cursor, hi, limit);
            }
            // B's transaction holds nothing yet (the last page committed): a COPY that meets a key B
            // holds rolls it back whole, which spares a savepoint's two round trips on every page.
            long n = insert.stage.pipeDirect(a, select, insert.binary);
            int inserted = (int) n;
            if (n < 0) {
                // B holds some of these keys (the mirror wrote them): through the stage, where absent
                n = insert.stage.pipe(a, select, insert.binary);
                inserted = n == 0 ? 0 : insert.stage.insertStaged();
            }
            boolean last = n < limit; // the rest of the chunk fitted: this page ends it
            List<Object> end = null;
            if (!last) {
                // The chunk grew: the page ends at its limit-th key, counted again now. Every row the
                // COPY read is still there (locked), so this key is at most the last one it read;
                // rows between the two are read again by the next page, and found present.
                try (PreparedStatement ps = a.prepareStatement(aSide.boundaryQuery(cursor != null, hi != null, limit))) {
                    aSide.bindRange(ps, cursor, hi);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            end = aSide.readKey(rs);
                        }
                    }
                }
                if (end == null) {
                    throw new SQLException("backfill " + table + " chunk " + chunk + ": " + n
                        + " rows copied, but no end key found for the page");
                }
            }
            String lastEncoded = last ? null : Keys.encode(end);
            if (n > 0) {
                // A page that ends the chunk moves the cursor to the chunk's end (a run killed before the
                // chunk is marked done then has nothing left of it to copy); the open-ended last chunk
                // keeps its cursor where it was: it is finished next.
                String to = !last ? lastEncoded : hi != null ? Keys.encode(hi) : cursor == null ? null : Keys.encode(cursor);
                Checkpoints.advance(advance, run, table, chunk, to, (int) n, inserted);
            }
            b.commit();
            // Only now may the application's writes to these rows proceed on A and then reach B.
            a.commit();
            return new Page((int) n, inserted, last ? null : end, lastEncoded);
        }

        private void rollbackQuietly(Connection c, SQLException cause) {
            try {
                c.rollback();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * A page's rows into B: blocks of rows in multi-row statements, batched, and the rest one row a
     * statement in a second batch. Returns the rows inserted where the engine tells.
     */
    private static final class Inserts {
        private final Side side;
        private final PreparedStatement single;
        private final PreparedStatement multi;
        private final int block;

        /** COPY into a staging table, then insert-where-absent (PostgreSQL); null for INSERT statements. */
        private final CopyStage stage;
        /** Whether pages stream from A's COPY straight into the stage (both PostgreSQL, same column types). */
        private final boolean pipe;

        /** Whether piped pages travel in COPY's binary format ({@link CopyStage#binary}). */
        private final boolean binary;

        Inserts(Side side, PreparedStatement single, PreparedStatement multi, int block, CopyStage stage, boolean pipe,
                boolean binary) {
            this.side = side;
            this.single = single;
            this.multi = multi;
            this.block = block;
            this.stage = stage;
            this.pipe = stage != null && pipe;
            this.binary = binary;
        }

        int write(List<Object[]> rows) throws SQLException {
            if (stage != null) {
                try {
                    long direct = stage.copyDirect(rows);
                    if (direct >= 0) {
                        return (int) direct;
                    }
                    // B holds some of these keys (the mirror wrote them): through the stage, where absent
                    stage.stage(rows);
                    return stage.insertStaged();
                } catch (CopyStage.Unsupported e) {
                    // a value with no COPY text (nothing was sent): this page by INSERT statements
                    LOG.debug("backfill: page by INSERT statements: {}", e.getMessage());
                }
            }
            int n = rows.size();
            int full = multi == null ? 0 : n / block * block;
            int inserted = 0;
            if (full > 0) {
                for (int i = 0; i < full; i += block) {
                    side.bindInsertIfAbsent(multi, rows.subList(i, i + block));
                    multi.addBatch();
                }
                inserted += sum(multi.executeBatch());
            }
            if (full < n) {
                for (int i = full; i < n; i++) {
                    side.bindInsertIfAbsent(single, rows.get(i));
                    single.addBatch();
                }
                inserted += sum(single.executeBatch());
            }
            return inserted;
        }

        private static int sum(int[] counts) {
            int s = 0;
            for (int c : counts) {
                if (c > 0) {
                    s += c;
                }
            }
            return s;
        }
    }

    private record Page(int rows, int inserted, List<Object> last, String lastEncoded) {
    }

    /** Options of a backfill; every one has a default but the tables. */
    public static final class Builder {
        private final ConnectionSource a;
        private final ConnectionSource b;
        private List<String> tables = List.of();
        private SchemaMapping mapping = SchemaMapping.NONE;
        private int chunkSize = 1000;
        private int workers = DEFAULT_WORKERS;
        private double rowsPerSecond;
        private String run = "default";
        private String workerName;
        private BackfillListener listener = BackfillListener.NONE;

        private Builder(ConnectionSource a, ConnectionSource b) {
            this.a = Objects.requireNonNull(a, "a");
            this.b = Objects.requireNonNull(b, "b");
        }

        /** B's names for A's tables and columns ({@code dualaccess.map.file}); tables are named as A names them. */
        public Builder mapping(SchemaMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /** The tables to copy, in order ({@code orders} or {@code shop.orders}). */
        public Builder tables(List<String> tables) {
            this.tables = ChunkOptions.tables("backfill", tables);
            return this;
        }

        /** Keys per chunk and rows per page (1 to 100000; default 1000). */
        public Builder chunkSize(int n) {
            this.chunkSize = ChunkOptions.chunkSize(n);
            return this;
        }

        /** Worker threads in this process (1 to 64; default {@value Backfill#DEFAULT_WORKERS}). */
        public Builder workers(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("workers must be between 1 and 64, not " + n);
            }
            this.workers = n;
            return this;
        }

        /** Rows per second for this process, all workers together; 0 (the default) for no limit. */
        public Builder rowsPerSecond(double rate) {
            if (!(rate >= 0)) {
                throw new IllegalArgumentException("rate must be 0 (unlimited) or more rows per second, not " + rate);
            }
            this.rowsPerSecond = rate;
            return this;
        }

        /** The run id processes share a plan and checkpoints by (default {@code default}). */
        public Builder run(String id) {
            if (id == null || id.isBlank() || id.length() > 100) {
                throw new IllegalArgumentException("a run id is 1 to 100 characters, not '" + id + "'");
            }
            this.run = id;
            return this;
        }

        /** How this process names itself in the chunk table (default host:pid). */
        public Builder workerName(String name) {
            this.workerName = name;
            return this;
        }

        /** Told of every page copied. */
        public Builder listener(BackfillListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** The backfill, ready to {@link Backfill#run()}. */
        public Backfill build() {
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("backfill needs at least one table");
            }
            return new Backfill(this);
        }
    }
}
