package io.dualaccess.compare;

import io.dualaccess.results.ResultRows;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows past the kept ones are hashed straight from the driver's values ({@link HashOnlyRow}); a row
 * must hash the same whether it is kept or only hashed, or an unordered result whose rows come in
 * another order on the other side (a kept row there, a hashed one here) would be a false mismatch.
 */
class HashOnlyRowTest {

    private static final List<NormalizationRules> RULES = List.of(
        NormalizationRules.defaults(),
        NormalizationRules.builder().floatTolerance(1e-3).timestampPrecision(ChronoUnit.MILLIS).build(),
        NormalizationRules.builder().floatTolerance(1e-14).timestampPrecision(ChronoUnit.SECONDS).build(),
        NormalizationRules.builder().floatTolerance(1e-16).timestampPrecision(ChronoUnit.DAYS).build(),
        NormalizationRules.builder().floatTolerance(0).timestampPrecision(ChronoUnit.NANOS).build(),
        NormalizationRules.builder().numbers(false).timestampPrecision(null).build(),
        NormalizationRules.builder().lobsByHash(true).lobThreshold(8).build(),
        NormalizationRules.builder().jsonByValue(false).charTrim(false).build(),
        NormalizationRules.exact());

    private static final List<Column> COLUMNS = List.of(new Column("d", Types.DOUBLE, "DOUBLE PRECISION"),
        new Column("t", Types.TIMESTAMP, "TIMESTAMP"), new Column("n", Types.DECIMAL, "DECIMAL"));

    @Test
    void doublesAndTimestampsHashTheSameKeptOrOnlyHashed() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Random random = new Random(7);
        double[] special = {0.0, -0.0, 1.0, -1.0, 0.1, 0.25, 2.5, 1e7, 1e-3, 9.99999999995, 0.12345678905, 0.12345678915,
            1234567890123.0, 1e15, 1e17, 1e18, 1e19, 1e22, 1e23, 123456789012345678.0, 9.2e18, -9.3e18, 1e300, 4.9e-324,
            Double.MIN_NORMAL, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            0.1 + 0.2, 1.0 / 3, 2.0 / 3, 999999999.95, 99999.99995};
        for (double d : special) {
            rows.add(new Object[] {d, null, null});
        }
        for (int i = 0; i < 5_000; i++) {
            double d = switch (i % 5) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextInt(1_000_000) / 100.0;
                case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
                case 3 -> (double) random.nextLong();
                default -> random.nextInt(100_000) * 0.25;
            };
            Timestamp t = new Timestamp(random.nextLong() % 8_000_000_000_000L);
            t.setNanos(random.nextInt(1_000_000_000));
            rows.add(new Object[] {d, t, BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(6))});
        }
        rows.add(new Object[] {null, Timestamp.valueOf("1969-12-31 23:59:59.999999999"), null});
        rows.add(new Object[] {null, new Timestamp(-1), null});

        for (NormalizationRules rules : RULES) {
            for (Object[] row : rows) {
                // One row per digest: keepRows 1 canonicalises it, keepRows 0 hashes it directly.
                RowDigest kept = new RowDigest(rules, COLUMNS, 1);
                RowDigest hashed = new RowDigest(rules, COLUMNS, 0);
                kept.addValues(row);
                hashed.addValues(row);
                ResultDigest k = kept.snapshot();
                ResultDigest h = hashed.snapshot();
                assertThat(h.multisetHash()).as("%s under %s", java.util.Arrays.toString(row), rules).isEqualTo(k.multisetHash());
                for (int c = 0; c < COLUMNS.size(); c++) {
                    assertThat(h.rulesApplied(c)).as("rules of column %s for %s", c, row[c]).isEqualTo(k.rulesApplied(c));
                }
            }
        }
    }

    /**
     * A DECIMAL of at most 15 digits is hashed by its double when only hashed; an integer from 2^53 to
     * 2^63 has no exact double, and kept it is its exact Long: both must hash as that Long, as a
     * BIGINT of the same value does.
     */
    @Test
    void anIntegralDecimalBeyondADoublesPrecisionHashesAsItsExactLong() throws SQLException {
        List<Column> decimal = List.of(new Column("n", Types.DECIMAL, "NUMERIC"));
        List<Column> bigint = List.of(new Column("n", Types.BIGINT, "BIGINT"));
        for (String text : new String[] {"-8.771393029E+18", "9007199254740993", "1.23456789012345E+17", "9.22337203685477E+18",
            "-9.22337203685477E+18", "9.22337203685478E+18", "1E+20", "9007199254740992"}) {
            BigDecimal v = new BigDecimal(text);
            RowDigest kept = new RowDigest(NormalizationRules.defaults(), decimal, 1);
            RowDigest hashed = new RowDigest(NormalizationRules.defaults(), decimal, 0);
            kept.addValues(v);
            hashed.addValues(v);
            assertThat(hashed.snapshot().multisetHash()).as(text).isEqualTo(kept.snapshot().multisetHash());
            if (v.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                RowDigest asLong = new RowDigest(NormalizationRules.defaults(), bigint, 0);
                asLong.addValues(v.longValueExact());
                assertThat(hashed.snapshot().multisetHash()).as(text).isEqualTo(asLong.snapshot().multisetHash());
            }
        }
    }

    @Test
    void aResultReadThroughPrimitiveGettersHashesAsItsCanonicalRows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:hash_only_row;DB_CLOSE_DELAY=-1");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (i INT, sm SMALLINT, b BIGINT, d DOUBLE PRECISION, ts TIMESTAMP(9), v VARCHAR(20),"
                + " n NUMERIC(12, 3), bo BOOLEAN)");
            Random random = new Random(11);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int r = 0; r < 500; r++) {
                    boolean nulls = r % 7 == 0;
                    ps.setObject(1, nulls ? null : random.nextInt(), Types.INTEGER);
                    ps.setObject(2, nulls ? null : (short) random.nextInt(), Types.SMALLINT);
                    ps.setObject(3, nulls ? null : r % 3 == 0 ? 0L : random.nextLong(), Types.BIGINT);
                    ps.setObject(4, nulls ? null : r % 3 == 0 ? 0.0 : random.nextInt(10_000_000) / 1000.0, Types.DOUBLE);
                    Timestamp t = new Timestamp(1_700_000_000_000L + random.nextInt(1_000_000_000));
                    t.setNanos(random.nextInt(1_000_000_000));
                    ps.setObject(5, nulls ? null : t, Types.TIMESTAMP);
                    // Plain text, JSON documents (canonicalised by value) and text longer than a low LOB threshold.
                    String text = r % 5 == 0 ? "{\"b\": 2, \"a\": " + r + "}" : r % 11 == 0 ? " [1, 2.0]"
                        : r % 13 == 0 ? "a longer text " + r : "v " + r + "  ";
                    ps.setString(6, nulls ? null : text);
                    ps.setObject(7, nulls ? null : BigDecimal.valueOf(random.nextInt(), 3), Types.NUMERIC);
                    ps.setObject(8, nulls ? null : r % 2 == 0, Types.BOOLEAN);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (NormalizationRules rules : RULES) {
                ResultDigest kept = digest(s, rules, 1000);
                ResultDigest hashed = digest(s, rules, 0);
                assertThat(hashed.rowCount()).isEqualTo(500);
                assertThat(hashed.orderedHash()).as("under %s", rules).isEqualTo(kept.orderedHash());
                assertThat(hashed.multisetHash()).isEqualTo(kept.multisetHash());
                for (int col = 0; col < 8; col++) {
                    assertThat(hashed.rulesApplied(col)).isEqualTo(kept.rulesApplied(col));
                }
            }
        }
    }

    /**
     * A source that already knows a TIMESTAMP column's value (the application read it, and the
     * shadow capture took it apart) hashes the row exactly as the digest's own getObject does.
     */
    @Test
    void aTimestampTheSourceAlreadyKnowsHashesAsTheDriversObject() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:hash_only_row_known;DB_CLOSE_DELAY=-1");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (i INT, ts TIMESTAMP(9), v VARCHAR(20))");
            Random random = new Random(13);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int r = 0; r < 300; r++) {
                    ps.setInt(1, r);
                    Timestamp t = new Timestamp(random.nextLong() % 8_000_000_000_000L);
                    t.setNanos(random.nextInt(1_000_000_000));
                    ps.setTimestamp(2, r % 9 == 0 ? null : t);
                    ps.setString(3, "v" + r);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (NormalizationRules rules : RULES) {
                ResultDigest own = digestKnown(s, rules, false);
                ResultDigest known = digestKnown(s, rules, true);
                assertThat(known.rowCount()).isEqualTo(300);
                assertThat(known.orderedHash()).as("under %s", rules).isEqualTo(own.orderedHash());
                assertThat(known.multisetHash()).isEqualTo(own.multisetHash());
                for (int col = 0; col < 3; col++) {
                    assertThat(known.rulesApplied(col)).isEqualTo(own.rulesApplied(col));
                }
            }
            // Under a timestamp precision the known values were taken (else this test proves nothing).
            assertThat(knownAnswersTotal).isPositive();
        }
    }

    private static int knownAnswersTotal;

    private static ResultDigest digestKnown(Statement s, NormalizationRules rules, boolean known) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY i")) {
            RowDigest d = ResultRows.digest(rs, rules, 0);
            ResultRows rows = ResultRows.of(rs);
            RowSource source = known ? new KnownTimestamps(rows, rs) : rows;
            while (rows.next()) {
                d.add(source);
            }
            d.markComplete();
            return d.snapshot();
        }
    }

    /** Answers the TIMESTAMP column (2) from the driver's getTimestamp, taken apart, when asked. */
    private static final class KnownTimestamps implements RowSource {
        private final RowSource rows;
        private final ResultSet rs;
        private long time;
        private int nanos;
        private Boolean knownNull;

        KnownTimestamps(RowSource rows, ResultSet rs) {
            this.rows = rows;
            this.rs = rs;
        }

        @Override
        public Object getObject(int column) throws SQLException {
            knownNull = null;
            return rows.getObject(column);
        }

        @Override
        public long getLong(int column) throws SQLException {
            knownNull = null;
            return rows.getLong(column);
        }

        @Override
        public double getDouble(int column) throws SQLException {
            knownNull = null;
            return rows.getDouble(column);
        }

        @Override
        public boolean wasNull() throws SQLException {
            return knownNull != null ? knownNull : rows.wasNull();
        }

        @Override
        public boolean knownTimestamp(int column) throws SQLException {
            if (column != 2) {
                return false;
            }
            Timestamp ts = rs.getTimestamp(2);
            knownNull = ts == null;
            if (ts != null) {
                time = ts.getTime();
                nanos = ts.getNanos();
            }
            knownAnswersTotal++;
            return true;
        }

        @Override
        public long timestampTime() {
            return time;
        }

        @Override
        public int timestampNanos() {
            return nanos;
        }
    }

    private static ResultDigest digest(Statement s, NormalizationRules rules, int keep) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY i, sm")) {
            RowDigest d = ResultRows.digest(rs, rules, keep);
            ResultRows rows = ResultRows.of(rs);
            while (rows.next()) {
                d.add(rows);
            }
            d.markComplete();
            return d.snapshot();
        }
    }
}
