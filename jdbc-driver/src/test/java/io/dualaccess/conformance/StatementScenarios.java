package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Statements beyond one query: several results from one {@code execute}, the statement settings
 * (fetch size, max rows, query timeout, …), a query timeout that fires, and warnings.
 */
final class StatementScenarios {

    /** Bound on the result loop, so a driver that never says "no more results" cannot hang the suite. */
    private static final int MAX_RESULTS = 10;

    private StatementScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            // MariaDB Connector/J sends several statements in one execute only when asked to.
            Scenario.of("multiple_results", StatementScenarios::multipleResults)
                .with(Engine.MARIADB, Map.of("allowMultiQueries", "true")),
            Scenario.of("statement_settings", StatementScenarios::settings),
            // Costs a second per run, and a pool adds nothing to it (Hikari never touches query timeouts).
            Scenario.of("query_timeout", StatementScenarios::queryTimeout).only(Access.DRIVER),
            Scenario.of("warnings", StatementScenarios::warnings));
    }

    /**
     * Walks every result of an {@code execute} the way the JDBC javadoc prescribes: result sets and
     * update counts, until {@code getMoreResults()} is false and {@code getUpdateCount()} is -1.
     */
    static void allResults(Transcript t, String label, Statement s, boolean first) {
        boolean isResultSet = first;
        for (int i = 1; i <= MAX_RESULTS; i++) {
            String p = label + " result " + i;
            if (isResultSet) {
                ResultSet rs = t.attempt(p + " getResultSet", s::getResultSet);
                if (rs == null) {
                    break;
                }
                t.attempt(p + " getResultSet again is the same object", () -> s.getResultSet() == rs);
                t.attempt(p + " getUpdateCount while a result set is current", s::getUpdateCount);
                t.same(p + " resultSet.getStatement()", t.attempt(p + " getStatement", rs::getStatement), s);
                t.wrapperCheck(p + " ResultSet.getStatement()", () -> Wrappers.assertLeadsBack(
                    "ResultSet.getStatement()", rs, ResultSet.class, ResultSet::getStatement, s, Statement.class));
                t.rows(p, rs);
            } else {
                Integer count = t.attempt(p + " getUpdateCount", s::getUpdateCount);
                if (count == null || count == -1) {
                    break;
                }
                t.attempt(p + " getLargeUpdateCount", s::getLargeUpdateCount);
            }
            Boolean more = t.attempt(p + " getMoreResults", s::getMoreResults);
            if (more == null) {
                break;
            }
            isResultSet = more;
        }
    }

    static void multipleResults(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_multi");
        Sql.exec(c, "create table cf_multi (id int primary key, n int)", "insert into cf_multi values (1, 0), (2, 0)");
        String three = "select id from cf_multi order by id; update cf_multi set n = n + 1;"
            + " select n from cf_multi where id = 1";
        try (Statement s = c.createStatement()) {
            Boolean first = t.attempt("execute(query; update; query)", () -> s.execute(three));
            if (first != null) {
                allResults(t, "three", s, first);
            }
            t.attempt("getMoreResults after the last", s::getMoreResults);
            t.attempt("getUpdateCount after the last", s::getUpdateCount);
        }
        t.table(c, "cf_multi");
        try (Statement s = c.createStatement()) {
            Boolean first = t.attempt("execute(one query)", () -> s.execute("select id, n from cf_multi order by id"));
            ResultSet rs = s.getResultSet();
            t.attempt("getResultSet twice is the same object", () -> s.getResultSet() == rs);
            t.rows("one query", rs);
            t.attempt("getMoreResults", s::getMoreResults);
            t.attempt("previous result closed by getMoreResults", rs::isClosed);
            t.attempt("getUpdateCount", s::getUpdateCount);
            t.attempt("getResultSet", s::getResultSet);
            t.attempt("getMoreResults again", s::getMoreResults);
            t.record("first was a result set", first);
        }
        try (Statement s = c.createStatement()) {
            Boolean first = t.attempt("execute(two queries)", () -> s.execute("select 1 as a; select 2 as b"));
            if (Boolean.TRUE.equals(first)) {
                ResultSet rs1 = s.getResultSet();
                t.attempt("getMoreResults(KEEP_CURRENT_RESULT)", () -> s.getMoreResults(Statement.KEEP_CURRENT_RESULT));
                t.attempt("kept result isClosed", rs1::isClosed);
                t.attempt("kept result next", rs1::next);
                t.attempt("kept result getInt(1)", () -> rs1.getInt(1));
                t.rows("second result", s.getResultSet());
                t.attempt("getMoreResults(CLOSE_ALL_RESULTS)", () -> s.getMoreResults(Statement.CLOSE_ALL_RESULTS));
                t.attempt("kept result isClosed after CLOSE_ALL_RESULTS", rs1::isClosed);
            }
            t.attempt("supportsMultipleOpenResults", () -> c.getMetaData().supportsMultipleOpenResults());
            t.attempt("supportsMultipleResultSets", () -> c.getMetaData().supportsMultipleResultSets());
        }
        t.attempt("executeQuery(two queries)", () -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1 as a; select 2 as b")) {
                t.rows("executeQuery(two queries) result", rs);
                return s.getMoreResults();
            }
        });
        t.attempt("executeUpdate(two updates)", () -> {
            try (Statement s = c.createStatement()) {
                int n = s.executeUpdate("update cf_multi set n = 10 where id = 1; update cf_multi set n = 20");
                t.attempt("getMoreResults", s::getMoreResults);
                t.attempt("getUpdateCount", s::getUpdateCount);
                return n;
            }
        });
        t.attempt("prepared execute(two queries with parameters)", () -> {
            try (PreparedStatement ps = c.prepareStatement("select ? as a; select ? as b")) {
                ps.setInt(1, 1);
                ps.setString(2, e.name());
                boolean first = ps.execute();
                allResults(t, "prepared", ps, first);
                return first;
            }
        });
        t.table(c, "cf_multi");
        Sql.dropTables(c, "cf_multi");
    }

    /** Fetch size, max rows, query timeout, fetch direction, max field size, escapes, and friends. */
    static void settings(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_settings");
        Sql.exec(c, "create table cf_settings (id int primary key, v varchar(20))");
        StringBuilder rows = new StringBuilder("insert into cf_settings values ");
        for (int i = 1; i <= 10; i++) {
            rows.append(i > 1 ? ", " : "").append("(").append(i).append(", 'value number ").append(i).append("')");
        }
        Sql.exec(c, rows.toString());
        try (Statement s = c.createStatement()) {
            t.attempt("getFetchSize", s::getFetchSize);
            t.attemptRun("setFetchSize(3)", () -> s.setFetchSize(3));
            t.attempt("getFetchSize", s::getFetchSize);
            try (ResultSet rs = s.executeQuery("select id from cf_settings order by id")) {
                t.attempt("rs.getFetchSize", rs::getFetchSize);
                t.attemptRun("rs.setFetchSize(5)", () -> rs.setFetchSize(5));
                t.attempt("rs.getFetchSize", rs::getFetchSize);
                t.rows("with fetch size 3", rs);
            }
            t.attemptRun("setFetchSize(-1)", () -> s.setFetchSize(-1));
            t.attemptRun("setFetchSize(0)", () -> s.setFetchSize(0));

            t.attempt("getMaxRows", s::getMaxRows);
            t.attemptRun("setMaxRows(3)", () -> s.setMaxRows(3));
            t.attempt("getMaxRows", s::getMaxRows);
            try (ResultSet rs = s.executeQuery("select id from cf_settings order by id")) {
                t.rows("with max rows 3", rs);
            }
            t.attemptRun("setLargeMaxRows(4)", () -> s.setLargeMaxRows(4));
            t.attempt("getLargeMaxRows", s::getLargeMaxRows);
            t.attempt("getMaxRows", s::getMaxRows);
            try (ResultSet rs = s.executeQuery("select id from cf_settings order by id")) {
                t.rows("with large max rows 4", rs);
            }
            t.attempt("update under max rows", () -> s.executeUpdate("update cf_settings set v = v"));
            t.attemptRun("setMaxRows(-1)", () -> s.setMaxRows(-1));
            t.attemptRun("setMaxRows(0)", () -> s.setMaxRows(0));

            t.attempt("getQueryTimeout", s::getQueryTimeout);
            t.attemptRun("setQueryTimeout(7)", () -> s.setQueryTimeout(7));
            t.attempt("getQueryTimeout", s::getQueryTimeout);
            t.attempt("query under a timeout", () -> Sql.scalar(c, "select count(*) from cf_settings"));
            t.attemptRun("setQueryTimeout(-1)", () -> s.setQueryTimeout(-1));
            t.attemptRun("setQueryTimeout(0)", () -> s.setQueryTimeout(0));
            t.attempt("getQueryTimeout", s::getQueryTimeout);

            t.attempt("getFetchDirection", s::getFetchDirection);
            t.attemptRun("setFetchDirection(FETCH_REVERSE)", () -> s.setFetchDirection(ResultSet.FETCH_REVERSE));
            t.attempt("getFetchDirection", s::getFetchDirection);
            t.attemptRun("setFetchDirection(42)", () -> s.setFetchDirection(42));
            t.attemptRun("setFetchDirection(FETCH_FORWARD)", () -> s.setFetchDirection(ResultSet.FETCH_FORWARD));
            t.attempt("getResultSetType", s::getResultSetType);
            t.attempt("getResultSetConcurrency", s::getResultSetConcurrency);
            t.attempt("getResultSetHoldability", s::getResultSetHoldability);

            t.attempt("getMaxFieldSize", s::getMaxFieldSize);
            t.attemptRun("setMaxFieldSize(5)", () -> s.setMaxFieldSize(5));
            t.attempt("getMaxFieldSize", s::getMaxFieldSize);
            try (ResultSet rs = s.executeQuery("select v from cf_settings where id = 1")) {
                t.rows("with max field size 5", rs);
            }
            t.attemptRun("setMaxFieldSize(0)", () -> s.setMaxFieldSize(0));

            t.attemptRun("setEscapeProcessing(true)", () -> s.setEscapeProcessing(true));
            t.attempt("escapes", () -> {
                String escapes = "select {fn ucase('abc')}, {d '2024-01-02'}, {ts '2024-01-02 03:04:05'}";
                try (ResultSet rs = s.executeQuery(escapes)) {
                    t.rows("escapes result", rs);
                    return "read";
                }
            });
            t.attempt("isPoolable", s::isPoolable);
            t.attemptRun("setPoolable(true)", () -> s.setPoolable(true));
            t.attempt("isPoolable", s::isPoolable);
            t.attemptRun("cancel while idle", s::cancel);
            t.attempt("enquoteLiteral", () -> s.enquoteLiteral("it's"));
            t.attempt("enquoteIdentifier(plain)", () -> s.enquoteIdentifier("plain", false));
            t.attempt("enquoteIdentifier(Mixed Case)", () -> s.enquoteIdentifier("Mixed Case", false));
            t.attempt("enquoteIdentifier(always quote)", () -> s.enquoteIdentifier("plain", true));
            t.attempt("isSimpleIdentifier", () -> s.isSimpleIdentifier("Mixed Case"));
            t.attempt("enquoteNCharLiteral", () -> s.enquoteNCharLiteral("x"));
        }
        try (PreparedStatement ps = c.prepareStatement("select id from cf_settings where id > ? order by id")) {
            ps.setInt(1, 0);
            t.attemptRun("prepared setMaxRows(2)", () -> ps.setMaxRows(2));
            try (ResultSet rs = ps.executeQuery()) {
                t.rows("prepared with max rows 2", rs);
            }
            t.attemptRun("prepared setMaxRows(0)", () -> ps.setMaxRows(0));
            // PostgreSQL fetches in chunks only inside a transaction: both modes matter.
            c.setAutoCommit(false);
            try {
                t.attemptRun("prepared setFetchSize(4)", () -> ps.setFetchSize(4));
                try (ResultSet rs = ps.executeQuery()) {
                    t.attempt("rs.getFetchSize", rs::getFetchSize);
                    t.rows("prepared with fetch size 4 in a transaction", rs);
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
            t.attempt("prepared getQueryTimeout", ps::getQueryTimeout);
            t.attemptRun("prepared setQueryTimeout(3)", () -> ps.setQueryTimeout(3));
            t.attempt("prepared getQueryTimeout", ps::getQueryTimeout);
        }
        t.attempt("nativeSQL", () -> c.nativeSQL("select {fn ucase('a')} from cf_settings where d = {d '2024-01-02'}"));
        t.attempt("getCatalog", c::getCatalog);
        t.attempt("getSchema", c::getSchema);
        t.attempt("getNetworkTimeout", c::getNetworkTimeout);
        t.attempt("getClientInfo(ApplicationName)", () -> c.getClientInfo("ApplicationName"));
        t.attempt("getTypeMap is empty", () -> c.getTypeMap().isEmpty());
        Sql.dropTables(c, "cf_settings");
    }

    /**
     * A query that runs longer than its one-second timeout: the timeout must reach the database
     * through the proxy, and the timeout exception must reach the application unchanged.
     */
    static void queryTimeout(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        String slow = e.pick(
            // H2 checks for cancellation while it produces rows: a long range does.
            "select sum(x) from system_range(1, 2000000000)",
            "select pg_sleep(5)",
            // Not sleep(5): when max_statement_time ends a SLEEP, MariaDB sometimes returns its 0
            // instead of error 1969 (a server-side race seen in CI, direct and proxied differing).
            // A scan checks the kill flag on every row, so it always ends with the error.
            "select max(md5(seq)) from seq_1_to_2000000000");
        try (Statement s = c.createStatement()) {
            t.attemptRun("setQueryTimeout(1)", () -> s.setQueryTimeout(1));
            t.attempt("getQueryTimeout", s::getQueryTimeout);
            long start = System.nanoTime();
            t.attempt("slow query with a 1 s timeout", () -> Sql.scalarOf(s, slow));
            long millis = (System.nanoTime() - start) / 1_000_000;
            // The exact time varies; what matters is that the timeout fired, well before the query ends.
            t.record("stopped by the timeout (within 1-4 s)", millis >= 900 && millis < 4_000);
            t.attempt("statement usable after the timeout", () -> Sql.scalarOf(s, "select 1"));
        }
        t.attempt("connection usable after the timeout", () -> Sql.scalar(c, "select 2"));
    }

    /** Warnings on statements, results and the connection; {@code clearWarnings}. */
    static void warnings(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_warn");
        Sql.exec(c, "create table cf_warn (id int primary key, v varchar(3))");
        t.warnings("connection warnings initially", c.getWarnings());
        t.attemptRun("connection.clearWarnings", c::clearWarnings);
        List<String> warning = e.pick(
            List.of("drop table if exists cf_no_such_table"),
            List.of("drop table if exists cf_no_such_table",
                "do $$ begin raise notice 'notice %', 42; raise warning 'warning %', 43; end $$"),
            List.of("drop table if exists cf_no_such_table", "insert ignore into cf_warn values (1, 'much too long')"));
        try (Statement s = c.createStatement()) {
            t.warnings("fresh statement", s.getWarnings());
            for (String sql : warning) {
                t.attempt("execute " + sql, () -> s.execute(sql));
                t.warnings("statement warnings", s.getWarnings());
                t.warnings("connection warnings", c.getWarnings());
                t.attemptRun("statement.clearWarnings", s::clearWarnings);
                t.warnings("statement warnings after clear", s.getWarnings());
            }
            t.attempt("execute a warning, then a clean statement", () -> {
                s.execute(warning.get(0));
                s.execute("select 1");
                return Render.warnings(s.getWarnings());
            });
            try (ResultSet rs = s.executeQuery(e.pick("select 1", "select 1", "select 1 / 0"))) {
                t.warnings("result warnings", rs.getWarnings());
                t.warnings("statement warnings of the query", s.getWarnings());
                t.attemptRun("resultSet.clearWarnings", rs::clearWarnings);
                t.warnings("result warnings after clear", rs.getWarnings());
            }
        }
        t.attemptRun("connection.clearWarnings", c::clearWarnings);
        t.warnings("connection warnings after clear", c.getWarnings());
        t.table(c, "cf_warn");
        Sql.dropTables(c, "cf_warn");
    }
}
