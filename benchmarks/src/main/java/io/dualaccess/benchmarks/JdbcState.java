package io.dualaccess.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.sql.DataSource;
import java.sql.SQLException;

/** One trial's database and pool, shared by the benchmark threads. */
@State(Scope.Benchmark)
public class JdbcState {

    /** The proxy under test; see {@link Mode}. In the dualaccess modes with a B, B is a second in-memory H2. */
    @Param({"raw", "p6spy", "datasource-proxy", "dualaccess-off", "dualaccess-shadow-read", "dualaccess-dual-write"})
    public String mode;

    Fixture fixture;
    DataSource dataSource;

    /** Opens the fixture for {@link #mode}. */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        fixture = Fixture.open(Mode.of(mode));
        dataSource = fixture.dataSource();
    }

    /** Closes the pool and drops the databases. */
    @TearDown(Level.Trial)
    public void close() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
