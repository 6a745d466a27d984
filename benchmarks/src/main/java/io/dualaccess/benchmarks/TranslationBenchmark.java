package io.dualaccess.benchmarks;

import io.dualaccess.param.Setter;
import io.dualaccess.param.CapturedParameters;
import io.dualaccess.mirror.ShadowSql;
import io.dualaccess.translate.DialectName;
import io.dualaccess.translate.Overrides;
import io.dualaccess.translate.SchemaMapping;
import io.dualaccess.translate.Translator;
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

import java.util.concurrent.TimeUnit;

/**
 * What method B costs on the application's thread for one statement: the shadow side's SQL and
 * parameters for the application's ({@code ShadowSql.of}), as every mirrored write and shadowed
 * read of a cross-engine migration pays before its work is queued. {@code miss}: a text never seen
 * (jOOQ parses and renders it; each operation is a new text, as literals inline make them);
 * {@code hit}: a text translated before (a cache lookup and, for an array bound to
 * {@code = any (?)}, its elements spread over B's binds). Run:
 * {@code benchmarks/run.sh --no-build TranslationBenchmark -- -prof gc} (or {@code java -jar
 * benchmarks/target/benchmarks.jar TranslationBenchmark}).
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class TranslationBenchmark {

    /** Hibernate's PostgreSQL join with batch-fetch array and pagination; the MySQL dialect's upsert. */
    static final String PG_SQL = "select p1_0.id,p1_0.name,o1_0.last_name from pets p1_0 join owners o1_0 on o1_0.id=p1_0.owner_id"
        + " where p1_0.owner_id = any (?) and o1_0.last_name like ? escape '\\' order by p1_0.id offset ? rows fetch first ? rows only";
    static final String MARIADB_SQL = "select o1_0.id,o1_0.first_name,o1_0.last_name from owners o1_0"
        + " where o1_0.active = 1 and ifnull(o1_0.city, 'none') = ? order by o1_0.last_name,o1_0.id limit ?,?";

    /** {@code postgres-mariadb}: PostgreSQL's SQL for MariaDB; {@code mariadb-postgres}: the other way. */
    @Param({"postgres-mariadb", "mariadb-postgres"})
    public String direction;

    private Translator translator;
    private String sql;
    private CapturedParameters.Param[] params;
    private long distinct;

    @Setup(Level.Trial)
    public void translator() {
        boolean pg = direction.startsWith("postgres");
        translator = Translator.between(pg ? DialectName.POSTGRES : DialectName.MARIADB, pg ? DialectName.MARIADB : DialectName.POSTGRES,
            Overrides.NONE, SchemaMapping.NONE);
        sql = pg ? PG_SQL : MARIADB_SQL;
        params = pg
            ? new CapturedParameters.Param[] {param(1, new Long[] {1L, 2L, 3L}), param(2, "Da%"), param(3, 10), param(4, 20)}
            : new CapturedParameters.Param[] {param(1, "Madison"), param(2, 10), param(3, 20)};
        ShadowSql.of(translator, sql, sql, params);
    }

    private static CapturedParameters.Param param(int index, Object value) {
        return new CapturedParameters.Param(index, Setter.SET_OBJECT_OBJECT, value, null, null);
    }

    /** A text translated before: the cost every later execution pays. */
    @Benchmark
    public ShadowSql.Execution hit() {
        return ShadowSql.of(translator, sql, sql, params);
    }

    /** A text never seen: parsed and rendered by jOOQ on the application's thread. */
    @Benchmark
    public ShadowSql.Execution miss() {
        // A literal makes each text new, as an application that inlines values does.
        String text = sql.replace("order by", "and 1 <> " + (++distinct) + " order by");
        return ShadowSql.of(translator, text, text, params);
    }
}
