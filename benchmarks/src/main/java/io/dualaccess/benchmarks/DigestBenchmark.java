package io.dualaccess.benchmarks;

import io.dualaccess.compare.Column;
import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.compare.RowDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The per-row cost of the shadow-read digest on the application's thread: normalise one row of the
 * values a driver returns for the benchmark's {@code item} table (BIGINT, INT, VARCHAR, INT,
 * DECIMAL(12,2), TIMESTAMP) and fold it into the digest. The driver's own {@code getObject} is not
 * part of it (the JDBC benchmarks measure the whole read). Run with {@code -prof gc} for the bytes
 * allocated per row: {@code benchmarks/run.sh DigestBenchmark -- -prof gc}.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class DigestBenchmark {

    private static final int ROWS = 1024;

    /** {@code defaults}: every normalisation rule on; {@code exact}: none (the hashing alone). */
    @Param({"defaults", "exact"})
    public String rules;

    private Object[][] rows;
    private RowDigest digest;
    private int next;

    @Setup(Level.Trial)
    public void rows() {
        rows = new Object[ROWS][];
        long base = Timestamp.valueOf("2026-01-01 00:00:00").getTime();
        for (int i = 0; i < ROWS; i++) {
            rows[i] = new Object[] {(long) i + 1, i % 10, "item-" + i, i * 3, BigDecimal.valueOf(i * 137L + 99, 2),
                new Timestamp(base + i * 1000L)};
        }
    }

    /** A fresh digest per iteration, past its kept rows after the first 20 rows, as for a long result. */
    @Setup(Level.Iteration)
    public void digest() {
        NormalizationRules r = "exact".equals(rules) ? NormalizationRules.exact() : NormalizationRules.defaults();
        digest = new RowDigest(r, List.of(new Column("id", Types.BIGINT, "BIGINT"), new Column("grp", Types.INTEGER, "INTEGER"),
            new Column("name", Types.VARCHAR, "VARCHAR"), new Column("amount", Types.INTEGER, "INTEGER"),
            new Column("price", Types.DECIMAL, "DECIMAL"), new Column("updated", Types.TIMESTAMP, "TIMESTAMP")),
            RowDigest.DEFAULT_KEEP_ROWS);
    }

    /** One row folded into the digest. */
    @Benchmark
    public long digestRow() throws SQLException {
        digest.addValues(rows[next++ & (ROWS - 1)]);
        return digest.rowCount();
    }
}
