package io.dualaccess.verify;

import io.dualaccess.results.ResultRows;
import io.dualaccess.keyset.ChunkOptions;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.translate.SchemaMapping;
import io.dualaccess.compare.Column;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.ResultDigest;
import io.dualaccess.compare.RowDigest;
import io.dualaccess.compare.ValueNormalizer;
import io.dualaccess.keyset.ChunkHash;
import io.dualaccess.keyset.Keys;
import io.dualaccess.keyset.Side;
import io.dualaccess.keyset.TableColumn;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.threads.DaemonThreads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares tables on A and B by key (the primary key, else a unique index over NOT NULL columns; a
 * table with neither is compared as whole-row multisets, see {@link WholeRowVerify}). On PostgreSQL
 * and MariaDB/MySQL, ranges of {@value #CHUNKS_PER_SEGMENT} chunks are first hashed inside both
 * databases at once ({@link ChunkHash}: a canonical text per row that is never coarser than the
 * client-side comparison; columns without one are digested on the client); a range whose hashes
 * agree is equal. Other ranges, and every table on other engines, are walked chunk by chunk on the
 * client the way shadow reads compare results: every value is normalised ({@link ValueNormalizer},
 * the same {@link NormalizationRules}) and A's and B's rows of the chunk are compared by key to name
 * the keys missing in B, extra in B, or changed (and which columns). Every such row is then re-read
 * on both sides: a row that agrees now changed during the scan and is reported as
 * {@code transient}, not as a difference.
 *
 * <p>Chunks are cut on A (the next {@code chunkSize} keys); B's rows are read by the same key
 * range, so a row B has beyond A's last key lands in the last chunk. Memory is one chunk per side
 * during a client-side walk, nothing otherwise.
 */
public final class Verify {

    private final ConnectionSource aSource;
    private final ConnectionSource bSource;
    private final List<String> tables;
    /** B's names for A's tables and columns ({@code dualaccess.map.file}). */
    private final SchemaMapping mapping;
    private final int chunkSize;
    private final NormalizationRules rules;
    private final int listLimit;
    private final List<DifferenceSink> sinks;
    private final Runnable beforeRecheck;
    private final java.util.function.Consumer<Boolean> rangeHashed;

    private Verify(Builder b) {
        this.aSource = b.a;
        this.bSource = b.b;
        this.tables = List.copyOf(b.tables);
        this.mapping = b.mapping;
        this.chunkSize = b.chunkSize;
        this.rules = b.rules;
        this.listLimit = b.listLimit;
        this.sinks = List.copyOf(b.sinks);
        this.beforeRecheck = b.beforeRecheck;
        this.rangeHashed = b.rangeHashed;
    }

    /** A verify of A against B. */
    public static Builder builder(ConnectionSource a, ConnectionSource b) {
        return new Builder(a, b);
    }

    /** Verifies every table, in order; sinks receive each confirmed difference as it is found. */
    public VerifyReport run() throws SQLException {
        long start = System.nanoTime();
        List<TableReport> out = new ArrayList<>();
        try (Connection a = aSource.open(); Connection b = bSource.open()) {
            for (String t : tables) {
                TablePair pair = TablePair.read(a, b, t, mapping);
                out.add(pair.keyed() ? new TableRun(pair, a, b).run()
                    : new WholeRowVerify(pair, a, b, rules, chunkSize, listLimit, sinks, beforeRecheck).run());
                for (DifferenceSink s : sinks) {
                    s.tableDone(pair);
                }
            }
        } finally {
            if (other != null) {
                other.shutdownNow();
                other = null;
            }
        }
        return new VerifyReport(out, rules.describe(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static final int KEYS_PER_READ = 2000;
    /** Chunks hashed together in the databases before the client walks them one by one. */
    static final int CHUNKS_PER_SEGMENT = 32;
    /** How much longer than {@link #CHUNKS_PER_SEGMENT} chunks a hashed range grows while ranges agree. */
    static final int MAX_SEGMENT_GROWTH = 8;
    private static final int FETCH = 1000;

    /** Runs B's half of a range's hash while this thread runs A's. */
    private ExecutorService other;

    private <T> Future<T> onOtherThread(Callable<T> task) {
        if (other == null) {
            other = Executors.newSingleThreadExecutor(new DaemonThreads("verify-b"));
        }
        return other.submit(task);
    }

    private static <T> T awaitB(Future<T> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new SQLException("verify interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException("hashing a range on B failed: " + e.getCause(), e.getCause());
        }
    }

    /** A chunk of A's rows: by canonical key, how many were read, and the last key when the chunk is full. */
    private record ChunkOfA(Map<List<Object>, Row> byKey, int rows, List<Object> last) {
    }

    /** A row as compared: its key as its side read it, and its canonical values. */
    private record Row(List<Object> rawKey, Object[] canonical) {
    }

    /** One table's walk. */
    private final class TableRun {
        private final TablePair pair;
        private final Connection a;
        private final Connection b;
        private final List<Column> columnsA;
        private final List<Column> columnsB;
        private final int[] compared;
        // One per side: B's rows are read on the other thread, and a normalizer keeps buffers.
        private final ValueNormalizer normalizerA = new ValueNormalizer(rules);
        private final ValueNormalizer normalizerB = new ValueNormalizer(rules);
        private long rowsA;
        private long rowsB;
        private long chunks;
        private long chunksDiffering;
        private long missing;
        private long extra;
        private long changed;
        private long transients;
        private final List<Difference> listed = new ArrayList<>();

        TableRun(TablePair pair, Connection a, Connection b) {
            this.pair = pair;
            this.a = a;
            this.b = b;
            List<String> labels = pair.labels();
            this.columnsA = columns(pair.a(), labels);
            this.columnsB = columns(pair.b(), labels);
            List<Integer> c = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                if (!rules.ignores(labels.get(i))) {
                    c.add(i);
                }
            }
            this.compared = c.stream().mapToInt(Integer::intValue).toArray();
        }

        // B's columns carry A's labels, so ignore-columns names them once.
        private static List<Column> columns(Side side, List<String> labels) {
            List<Column> out = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                TableColumn c = side.columns().get(i);
                out.add(new Column(labels.get(i), c.sqlType(), c.typeName()));
            }
            return out;
        }

        TableReport run() throws SQLException {
            ChunkHash hash = ChunkHash.of(pair, rules);
            if (hash == null) {
                walk(null, null);
            } else {
                segments(hash);
            }
            return new TableReport(pair.table(), rowsA, rowsB, chunks, chunksDiffering, missing, extra, changed, transients,
                listed, pair.extraOnB(), pair.walk());
        }

        /**
         * Hashes ranges of {@value #CHUNKS_PER_SEGMENT} chunks inside both databases at once; only a
         * range whose hashes differ is walked chunk by chunk on the client ({@link #walk}). After a
         * range that agrees the next one is twice as long, up to {@value #MAX_SEGMENT_GROWTH} times
         * the first: equal tables cost fewer round trips. A longer range that differs is hashed
         * again from its start in ranges of the first length, so the client walks no more than it
         * would have.
         */
        private void segments(ChunkHash hash) throws SQLException {
            Side sa = pair.a();
            Side sb = pair.b();
            int base = (int) Math.min(Integer.MAX_VALUE / MAX_SEGMENT_GROWTH, (long) chunkSize * CHUNKS_PER_SEGMENT);
            int segment = base;
            List<Object> cursor = null;
            while (true) {
                List<Object> end = null;
                try (PreparedStatement ps = a.prepareStatement(ChunkHash.boundaryQuery(sa, cursor != null, segment))) {
                    if (cursor != null) {
                        sa.bindAfter(ps, 1, cursor);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            end = sa.readKey(rs);
                        }
                    }
                }
                List<Object> lo = cursor;
                List<Object> hi = end;
                Future<Object[]> onB = onOtherThread(() -> hashRange(b, sb, hash, lo, hi));
                Object[] ha = hashRange(a, sa, hash, lo, hi);
                Object[] hb = awaitB(onB);
                ChunkHash.Digest da = (ChunkHash.Digest) ha[0];
                ChunkHash.Digest db = (ChunkHash.Digest) hb[0];
                boolean same = da.sameAs(db) && (ha[1] == null || sameDigest((ResultDigest) ha[1], (ResultDigest) hb[1]));
                rangeHashed.accept(same);
                if (same) {
                    rowsA += da.rows();
                    rowsB += db.rows();
                    // as many chunks as the client walk would have cut (the last one open)
                    chunks += end == null ? da.rows() / chunkSize + 1 : Math.max(1, da.rows() / chunkSize);
                    segment = (int) Math.min(2L * segment, (long) base * MAX_SEGMENT_GROWTH);
                } else if (segment > base) {
                    segment = base; // the same start again, in short ranges
                    continue;
                } else {
                    walk(cursor, end);
                }
                if (end == null) {
                    break;
                }
                cursor = end;
            }
        }

        /** A range's hash on one side: the database's, and the client's digest of the columns it cannot hash (or null). */
        private Object[] hashRange(Connection c, Side side, ChunkHash hash, List<Object> lo, List<Object> hi)
            throws SQLException {
            ChunkHash.Digest d;
            try (PreparedStatement ps = c.prepareStatement(hash.hashQuery(side, lo != null, hi != null))) {
                side.bindRange(ps, lo, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    d = ChunkHash.read(rs);
                }
            }
            int[] onClient = hash.clientColumns();
            if (onClient.length == 0) {
                return new Object[] {d, null};
            }
            List<Column> all = side == pair.a() ? columnsA : columnsB;
            List<Column> cols = new ArrayList<>();
            for (int k : side.keyIndex()) {
                cols.add(all.get(k));
            }
            for (int i : onClient) {
                cols.add(all.get(i));
            }
            RowDigest digest = new RowDigest(rules, cols, 0);
            try (PreparedStatement ps = c.prepareStatement(hash.clientQuery(side, lo != null, hi != null))) {
                ps.setFetchSize(FETCH);
                side.bindRange(ps, lo, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultRows rows = ResultRows.of(rs);
                    while (rows.next()) {
                        digest.add(rows);
                    }
                }
            }
            return new Object[] {d, digest.snapshot()};
        }


        /**
         * Compares chunk by chunk on the client from {@code cursor} (null: the table's start) up to
         * and including {@code end} (null: the table's end, B's last range open above A's last key).
         * B's rows of a chunk are read on the other thread while this one reads A's next chunk.
         */
        private void walk(List<Object> cursor, List<Object> end) throws SQLException {
            Side sb = pair.b();
            String endText = end == null ? null : Keys.encode(end);
            ChunkOfA chunk = readChunkA(cursor, end);
            while (true) {
                // A chunk of fewer than chunkSize rows is A's last: B's range stays open above it (or ends with the segment).
                List<Object> hi = chunk.rows() == chunkSize ? chunk.last() : end;
                boolean lastChunk = chunk.rows() < chunkSize || hi == null || endText != null && endText.equals(Keys.encode(hi));
                List<Object> lo = cursor;
                // B's rows in the same key range: compared row by row at once, each side read once
                // (the rows a difference needs are already in hand).
                Future<Map<List<Object>, Row>> onB = onOtherThread(() -> readRange(b, sb, columnsB, lo, hi));
                ChunkOfA next = lastChunk ? null : readChunkA(hi, end);
                Map<List<Object>, Row> inA = chunk.byKey();
                Map<List<Object>, Row> inB = awaitB(onB);
                chunks++;
                rowsA += inA.size();
                rowsB += inB.size();
                Map<List<Object>, Row> candidates = candidates(inA, inB);
                if (!candidates.isEmpty()) {
                    chunksDiffering++;
                    confirm(candidates);
                }
                if (lastChunk) {
                    break;
                }
                cursor = hi;
                chunk = next;
            }
        }

        /** A's next chunk after {@code cursor}, up to {@code end}: at most {@code chunkSize} rows by canonical key. */
        private ChunkOfA readChunkA(List<Object> cursor, List<Object> end) throws SQLException {
            Side sa = pair.a();
            Map<List<Object>, Row> inA = new LinkedHashMap<>();
            List<Object> last = null;
            int n = 0;
            try (PreparedStatement ps = a.prepareStatement(sa.rangeQuery(cursor != null, end != null, chunkSize, ""))) {
                sa.bindRange(ps, cursor, end);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Row r = readRow(sa, columnsA, rs);
                        inA.put(canonicalKey(r, sa), r);
                        n++;
                        if (n == chunkSize) {
                            last = r.rawKey();
                        }
                    }
                }
            }
            return new ChunkOfA(inA, n, last);
        }

        private static boolean sameDigest(ResultDigest x, ResultDigest y) {
            return x.rowCount() == y.rowCount() && x.multisetHash().equals(y.multisetHash());
        }

        private List<Object> readKey(Side side, ResultSet rs, int[] keyIndex) throws SQLException {
            List<Object> k = new ArrayList<>(keyIndex.length);
            for (int i = 0; i < keyIndex.length; i++) {
                k.add(side.key().get(i).read(rs, keyIndex[i] + 1));
            }
            return k;
        }

        private Row readRow(Side side, List<Column> cols, ResultSet rs) throws SQLException {
            Object[] canonical = new Object[cols.size()];
            ValueNormalizer normalizer = side == pair.a() ? normalizerA : normalizerB;
            for (int i = 0; i < canonical.length; i++) {
                Column c = cols.get(i);
                canonical[i] = rules.ignores(c.label()) ? null
                    : normalizer.normalize(rs.getObject(i + 1), c.sqlType(), c.typeName());
            }
            return new Row(readKey(side, rs, side.keyIndex()), canonical);
        }

        private List<Object> canonicalKey(Row r, Side side) {
            List<Object> k = new ArrayList<>();
            for (int i : side.keyIndex()) {
                k.add(r.canonical()[i]);
            }
            return k;
        }

        private Map<List<Object>, Row> readRange(Connection c, Side side, List<Column> cols, List<Object> lo, List<Object> hi)
            throws SQLException {
            Map<List<Object>, Row> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(side.rangeQuery(lo != null, hi != null, 0, ""))) {
                side.bindRange(ps, lo, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Row r = readRow(side, cols, rs);
                        out.put(canonicalKey(r, side), r);
                    }
                }
            }
            return out;
        }

        /** The rows with these keys, by canonical key, read {@value #KEYS_PER_READ} keys per query. */
        private Map<List<Object>, Row> readByKeys(Connection c, Side side, List<Column> cols, List<List<Object>> keys)
            throws SQLException {
            Map<List<Object>, Row> out = new HashMap<>();
            for (int from = 0; from < keys.size(); from += KEYS_PER_READ) {
                List<List<Object>> part = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_READ));
                try (PreparedStatement ps = c.prepareStatement(side.byKeysQuery(part.size(), ""))) {
                    side.bindKeys(ps, part);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Row r = readRow(side, cols, rs);
                            out.put(canonicalKey(r, side), r);
                        }
                    }
                }
            }
            return out;
        }

        private List<String> differingColumns(Row ra, Row rb) {
            List<String> out = new ArrayList<>();
            for (int i : compared) {
                if (!Objects.equals(ra.canonical()[i], rb.canonical()[i])) {
                    out.add(columnsA.get(i).label());
                }
            }
            return out;
        }

        /** The rows that differ between one range's rows on A and on B (by canonical key). */
        private Map<List<Object>, Row> candidates(Map<List<Object>, Row> inA, Map<List<Object>, Row> inB) {
            Map<List<Object>, Row> candidates = new HashMap<>();
            for (Map.Entry<List<Object>, Row> e : inA.entrySet()) {
                Row rb = inB.get(e.getKey());
                if (rb == null || !differingColumns(e.getValue(), rb).isEmpty()) {
                    candidates.put(e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<List<Object>, Row> e : inB.entrySet()) {
                if (!inA.containsKey(e.getKey())) {
                    candidates.put(e.getKey(), e.getValue());
                }
            }
            return candidates;
        }

        /** Reads the candidates again on both sides (at once) and reports those that still differ. */
        private void confirm(Map<List<Object>, Row> candidates) throws SQLException {
            Side sa = pair.a();
            Side sb = pair.b();
            if (!candidates.isEmpty()) {
                beforeRecheck.run();
            }
            // Re-read the candidates on both sides: a row the application changed during the scan
            // (or one whose key each engine orders into a different chunk) agrees now. One query per
            // side for up to 2,000 keys: a chunk where B lacks every row costs two round trips, not 2,000.
            List<Row> sorted = sortedByKey(candidates);
            List<List<Object>> keys = new ArrayList<>(sorted.size());
            for (Row r : sorted) {
                keys.add(r.rawKey());
            }
            Future<Map<List<Object>, Row>> onB = onOtherThread(() -> readByKeys(b, sb, columnsB, keys));
            Map<List<Object>, Row> nowA = readByKeys(a, sa, columnsA, keys);
            Map<List<Object>, Row> nowB = awaitB(onB);
            for (Row candidate : sorted) {
                List<Object> ck = canonicalKey(candidate, sa);
                Row ra = nowA.get(ck);
                Row rb = nowB.get(ck);
                Difference d;
                if (ra == null && rb == null) {
                    transients++;
                    continue;
                } else if (rb == null) {
                    d = new Difference(pair.table(), Difference.Kind.MISSING, ra.rawKey(), List.of());
                    missing++;
                } else if (ra == null) {
                    d = new Difference(pair.table(), Difference.Kind.EXTRA, rb.rawKey(), List.of());
                    extra++;
                } else {
                    List<String> cols = differingColumns(ra, rb);
                    if (cols.isEmpty()) {
                        transients++;
                        continue;
                    }
                    d = new Difference(pair.table(), Difference.Kind.CHANGED, ra.rawKey(), cols);
                    changed++;
                }
                if (listed.size() < listLimit) {
                    listed.add(d);
                }
                for (DifferenceSink s : sinks) {
                    s.accept(pair, d);
                }
            }
        }

        // Reports list keys in a stable order whatever the hash map's.
        private List<Row> sortedByKey(Map<List<Object>, Row> rows) {
            List<Row> out = new ArrayList<>(rows.values());
            out.sort((x, y) -> compareKeys(x.rawKey(), y.rawKey()));
            return out;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(List<Object> x, List<Object> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object a = x.get(i);
            Object b = y.get(i);
            int c;
            if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
                c = ca.compareTo(b);
            } else if (a instanceof byte[] ba && b instanceof byte[] bb) {
                c = Arrays.compare(ba, bb);
            } else {
                c = String.valueOf(a).compareTo(String.valueOf(b));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    /** Options of a verify; every one has a default but the tables. */
    public static final class Builder {
        private final ConnectionSource a;
        private final ConnectionSource b;
        private List<String> tables = List.of();
        private SchemaMapping mapping = SchemaMapping.NONE;
        private int chunkSize = 1000;
        private NormalizationRules rules = NormalizationRules.defaults();
        private int listLimit = 1000;
        private final List<DifferenceSink> sinks = new ArrayList<>();
        private Runnable beforeRecheck = () -> { };
        private java.util.function.Consumer<Boolean> rangeHashed = same -> { };

        private Builder(ConnectionSource a, ConnectionSource b) {
            this.a = Objects.requireNonNull(a, "a");
            this.b = Objects.requireNonNull(b, "b");
        }

        /** B's names for A's tables and columns ({@code dualaccess.map.file}); tables are named as A names them. */
        public Builder mapping(SchemaMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        /** The tables to compare. */
        public Builder tables(List<String> tables) {
            this.tables = ChunkOptions.tables("verify", tables);
            return this;
        }

        /** Rows per chunk (1 to 100000; default 1000). */
        public Builder chunkSize(int n) {
            this.chunkSize = ChunkOptions.chunkSize(n);
            return this;
        }

        /** The normalisation rules (default: {@link NormalizationRules#defaults()}, as shadow reads). */
        public Builder rules(NormalizationRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** Differences listed per table in the report (counts stay exact; default 1000). */
        public Builder listLimit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("list limit must be 0 or more, not " + n);
            }
            this.listLimit = n;
            return this;
        }

        /** Also hands each confirmed difference to this sink (a key file, repair). */
        public Builder sink(DifferenceSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        // Tests: runs between a chunk's drill-down and the re-read of its candidates.
        Builder beforeRecheck(Runnable r) {
            this.beforeRecheck = r;
            return this;
        }

        // Tests: told of each range hashed in the databases, whether A's and B's hashes agreed.
        Builder rangeHashed(java.util.function.Consumer<Boolean> c) {
            this.rangeHashed = c;
            return this;
        }

        /** The verify, ready to {@link Verify#run()}. */
        public Verify build() {
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("verify needs at least one table");
            }
            return new Verify(this);
        }
    }
}
