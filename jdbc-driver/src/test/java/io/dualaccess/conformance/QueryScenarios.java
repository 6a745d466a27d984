package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.UUID;

/** Reading: values of many types with their metadata, parameters, scrollable and updatable results. */
final class QueryScenarios {

    private QueryScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("types_and_metadata", QueryScenarios::typesAndMetadata),
            Scenario.of("prepared_parameters", QueryScenarios::preparedParameters),
            Scenario.of("scrollable_result_sets", QueryScenarios::scrollable),
            Scenario.of("updatable_result_set", QueryScenarios::updatable));
    }

    /**
     * A row of every common type, a row of nulls and a row of extremes, read with {@code getObject}
     * (value and class), with the typed getters, and with full {@code ResultSetMetaData}; then through
     * a prepared statement, with its metadata before execution and its parameter metadata.
     */
    static void typesAndMetadata(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_types");
        // One column per type; MariaDB has no "timestamp with time zone": its TIMESTAMP (UTC-stored,
        // session-zone rendered) is the closest, so it stands in for tstz.
        Sql.exec(c, "create table cf_types (id int primary key, i int, b bigint, d decimal(12,3), "
            + e.pick("f double precision, r real", "f double precision, r real", "f double, r float")
            + ", sm smallint, v varchar(40), ch char(8), bo boolean, dt date, tm time, "
            + e.pick("ts timestamp(6), tstz timestamp(6) with time zone, bin varbinary(16)",
                     "ts timestamp(6), tstz timestamp(6) with time zone, bin bytea",
                     "ts datetime(6), tstz timestamp(6) null, bin varbinary(16)")
            + ", u uuid)");
        String tstz = e.pick("'2024-02-29 13:45:30.123456+02:00'", "'2024-02-29 13:45:30.123456+02:00'",
            "'2024-02-29 13:45:30.123456'");
        Sql.exec(c,
            "insert into cf_types values (1, 42, 9007199254740993, 12345.678, 3.25, 1.5, 7, 'hello ''world'' ü€', 'ab',"
                + " true, '2024-02-29', '13:45:30', '2024-02-29 13:45:30.123456', " + tstz + ", "
                + e.pick("X'CAFEBABE'", "'\\xcafebabe'::bytea", "X'CAFEBABE'") + ", '123e4567-e89b-12d3-a456-426614174000')",
            "insert into cf_types values (2, null, null, null, null, null, null, null, null, null, null, null, null, null,"
                + " null, null)",
            "insert into cf_types values (3, -2147483648, -9223372036854775807, -0.001, -1.0E-10, -0.5, -32768, '', 'x',"
                + " false, '1970-01-01', '00:00:00', '1999-12-31 23:59:59', "
                + e.pick("'1999-12-31 23:59:59+00:00'", "'1999-12-31 23:59:59+00:00'", "'1999-12-31 23:59:59'") + ", "
                + e.pick("X'00'", "'\\x00'::bytea", "X'00'") + ", '00000000-0000-0000-0000-000000000000')");

        try (Statement s = c.createStatement()) {
            t.same("statement.getConnection()", s.getConnection(), c);
            t.wrapperCheck("createStatement() is ours", () -> Wrappers.assertOurs(s, Statement.class));
            t.wrapperCheck("Statement.getConnection()", () -> Wrappers.assertLeadsBack("Statement.getConnection()",
                s, Statement.class, Statement::getConnection, c, Connection.class));
            try (ResultSet rs = s.executeQuery("select * from cf_types order by id")) {
                t.same("resultSet.getStatement()", rs.getStatement(), s);
                t.wrapperCheck("ResultSet.getStatement()", () -> Wrappers.assertLeadsBack("ResultSet.getStatement()",
                    rs, ResultSet.class, ResultSet::getStatement, s, Statement.class));
                t.rows("select *", rs);
            }
            try (ResultSet rs = s.executeQuery("select * from cf_types order by id")) {
                while (rs.next()) {
                    typedGetters(t, rs, "row " + rs.getInt("id") + " ");
                }
            }
        }

        try (PreparedStatement ps = c.prepareStatement(
            "select id, i, d, v, bo, dt, bin from cf_types where id >= ? and v is not null order by id")) {
            t.same("preparedStatement.getConnection()", ps.getConnection(), c);
            t.wrapperCheck("prepareStatement() is ours", () -> Wrappers.assertOurs(ps, PreparedStatement.class));
            t.wrapperCheck("PreparedStatement.getConnection()", () -> Wrappers.assertLeadsBack(
                "PreparedStatement.getConnection()", ps, PreparedStatement.class, PreparedStatement::getConnection,
                c, Connection.class));
            try {
                t.metaData("ps.getMetaData() before execute", ps.getMetaData());
            } catch (SQLException ex) {
                t.error("ps.getMetaData() before execute", ex);
            }
            parameterMetaData(t, "ps", ps);
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                t.same("prepared resultSet.getStatement()", rs.getStatement(), ps);
                t.wrapperCheck("prepared ResultSet.getStatement()", () -> Wrappers.assertLeadsBack(
                    "ResultSet.getStatement()", rs, ResultSet.class, ResultSet::getStatement, ps, Statement.class));
                t.rows("prepared select", rs);
            }
        }
        Sql.dropTables(c, "cf_types");
    }

    private static void typedGetters(Transcript t, ResultSet rs, String p) {
        t.attempt(p + "getInt(i)", () -> rs.getInt("i"));
        t.attempt(p + "wasNull", rs::wasNull);
        t.attempt(p + "getInt(2)", () -> rs.getInt(2));
        t.attempt(p + "getLong(b)", () -> rs.getLong("b"));
        t.attempt(p + "getBigDecimal(d)", () -> rs.getBigDecimal("d"));
        t.attempt(p + "getDouble(f)", () -> rs.getDouble("f"));
        t.attempt(p + "getFloat(r)", () -> rs.getFloat("r"));
        t.attempt(p + "getShort(sm)", () -> rs.getShort("sm"));
        t.attempt(p + "getByte(sm)", () -> rs.getByte("sm"));
        t.attempt(p + "getString(v)", () -> rs.getString("v"));
        t.attempt(p + "getString(ch)", () -> rs.getString("ch"));
        t.attempt(p + "getNString(v)", () -> rs.getNString("v"));
        t.attempt(p + "getBoolean(bo)", () -> rs.getBoolean("bo"));
        t.attempt(p + "wasNull", rs::wasNull);
        t.attempt(p + "getDate(dt)", () -> rs.getDate("dt"));
        t.attempt(p + "getTime(tm)", () -> rs.getTime("tm"));
        t.attempt(p + "getTimestamp(ts)", () -> rs.getTimestamp("ts"));
        t.attempt(p + "getTimestamp(tstz)", () -> rs.getTimestamp("tstz"));
        t.attempt(p + "getBytes(bin)", () -> rs.getBytes("bin"));
        t.attempt(p + "getObject(u)", () -> rs.getObject("u"));
        t.attempt(p + "getObject(u, UUID)", () -> rs.getObject("u", UUID.class));
        t.attempt(p + "getString(d)", () -> rs.getString("d"));
        t.attempt(p + "getString(f)", () -> rs.getString("f"));
        t.attempt(p + "getString(bo)", () -> rs.getString("bo"));
        t.attempt(p + "getString(ts)", () -> rs.getString("ts"));
        t.attempt(p + "getString(bin)", () -> rs.getString("bin"));
        t.attempt(p + "getObject(i, Integer)", () -> rs.getObject("i", Integer.class));
        t.attempt(p + "getObject(b, Long)", () -> rs.getObject("b", Long.class));
        t.attempt(p + "getObject(d, BigDecimal)", () -> rs.getObject("d", BigDecimal.class));
        t.attempt(p + "getObject(bo, Boolean)", () -> rs.getObject("bo", Boolean.class));
        t.attempt(p + "getObject(v, Integer)", () -> rs.getObject("v", Integer.class));
        t.attempt(p + "getInt(v)", () -> rs.getInt("v"));
        t.attempt(p + "getObject(99)", () -> rs.getObject(99));
        t.attempt(p + "getObject(no_such_column)", () -> rs.getObject("no_such_column"));
        t.attempt(p + "findColumn(V)", () -> rs.findColumn("V"));
        t.attempt(p + "getRow", rs::getRow);
    }

    /** Records a statement's parameter metadata; drivers differ in how much they know before execution. */
    static void parameterMetaData(Transcript t, String label, PreparedStatement ps) {
        ParameterMetaData pmd;
        try {
            pmd = ps.getParameterMetaData();
        } catch (SQLException e) {
            t.error(label + ".getParameterMetaData", e);
            return;
        }
        Integer count = t.attempt(label + ".getParameterCount", pmd::getParameterCount);
        for (int i = 1; count != null && i <= count; i++) {
            final int p = i;
            t.attempt(label + " param " + i + " type", () -> pmd.getParameterType(p));
            t.attempt(label + " param " + i + " typeName", () -> pmd.getParameterTypeName(p));
            t.attempt(label + " param " + i + " className", () -> pmd.getParameterClassName(p));
            t.attempt(label + " param " + i + " mode", () -> pmd.getParameterMode(p));
            t.attempt(label + " param " + i + " nullable", () -> pmd.isNullable(p));
            t.attempt(label + " param " + i + " precision", () -> pmd.getPrecision(p));
            t.attempt(label + " param " + i + " scale", () -> pmd.getScale(p));
            t.attempt(label + " param " + i + " signed", () -> pmd.isSigned(p));
        }
    }

    /** Every way of binding a parameter the application is likely to use, then what was stored. */
    static void preparedParameters(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_params");
        Sql.exec(c, "create table cf_params (id int primary key, i int, b bigint, d decimal(10,2), f "
            + e.pick("double precision", "double precision", "double") + ", v varchar(40), bo boolean, dt date, bin "
            + e.pick("varbinary(16)", "bytea", "varbinary(16)") + ")");
        try (PreparedStatement ps = c.prepareStatement("insert into cf_params values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            parameterMetaData(t, "insert", ps);
            ps.setInt(1, 1);
            ps.setInt(2, 7);
            ps.setLong(3, 1L << 40);
            ps.setBigDecimal(4, new BigDecimal("12.345"));
            ps.setDouble(5, 0.1);
            ps.setString(6, "typed setters");
            ps.setBoolean(7, true);
            ps.setDate(8, Date.valueOf("2020-01-31"));
            ps.setBytes(9, new byte[] {1, 2, 3});
            t.attempt("typed setters executeUpdate", ps::executeUpdate);

            ps.setInt(1, 2);
            ps.setNull(2, Types.INTEGER);
            ps.setNull(3, Types.BIGINT);
            ps.setNull(4, Types.DECIMAL);
            ps.setNull(5, Types.DOUBLE);
            ps.setNull(6, Types.VARCHAR);
            ps.setNull(7, Types.BOOLEAN);
            ps.setNull(8, Types.DATE);
            ps.setNull(9, Types.VARBINARY);
            t.attempt("setNull executeUpdate", ps::executeUpdate);

            ps.setObject(1, 3);
            ps.setObject(2, Integer.valueOf(-7));
            ps.setObject(3, Long.valueOf(-1));
            ps.setObject(4, new BigDecimal("-0.5"));
            ps.setObject(5, Double.valueOf(1e-3));
            ps.setObject(6, "setObject");
            ps.setObject(7, Boolean.FALSE);
            ps.setObject(8, Date.valueOf("1999-12-31"));
            ps.setObject(9, new byte[] {(byte) 0xff});
            t.attempt("setObject executeUpdate", ps::executeUpdate);

            // setObject with a target SQL type converts; drivers differ in what they accept.
            ps.setInt(1, 4);
            t.attemptRun("setObject(\"5\", INTEGER)", () -> ps.setObject(2, "5", Types.INTEGER));
            t.attemptRun("setObject(5, BIGINT)", () -> ps.setObject(3, 5, Types.BIGINT));
            t.attemptRun("setObject(\"1.5\", DECIMAL, 2)", () -> ps.setObject(4, "1.5", Types.DECIMAL, 2));
            t.attemptRun("setObject(2.5f, DOUBLE)", () -> ps.setObject(5, 2.5f, Types.DOUBLE));
            t.attemptRun("setObject(42, VARCHAR)", () -> ps.setObject(6, 42, Types.VARCHAR));
            t.attemptRun("setObject(1, BOOLEAN)", () -> ps.setObject(7, 1, Types.BOOLEAN));
            t.attemptRun("setObject(\"2001-02-03\", DATE)", () -> ps.setObject(8, "2001-02-03", Types.DATE));
            t.attemptRun("setObject(null, VARBINARY)", () -> ps.setObject(9, null, Types.VARBINARY));
            t.attempt("setObject with target type executeUpdate", ps::executeUpdate);

            ps.clearParameters();
            t.attempt("executeUpdate after clearParameters", ps::executeUpdate);
            ps.setInt(1, 5);
            t.attemptRun("setObject(null) without type", () -> ps.setObject(2, null));
            t.attemptRun("setString(3, \"x\") into bigint", () -> ps.setString(3, "x"));
            t.attemptRun("setInt(10) out of range", () -> ps.setInt(10, 1));
            t.attemptRun("setInt(0) out of range", () -> ps.setInt(0, 1));
        }
        t.table(c, "cf_params");
        try (PreparedStatement ps = c.prepareStatement("select id, v from cf_params where id = ? or v = ? order by id")) {
            ps.setInt(1, 1);
            ps.setString(2, "setObject");
            try (ResultSet rs = ps.executeQuery()) {
                t.rows("reused parameters, first", rs);
            }
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                t.rows("reused parameters, second (one changed)", rs);
            }
        }
        Sql.dropTables(c, "cf_params");
    }

    /** Scrollable navigation where supported, and what a forward-only result says about it. */
    static void scrollable(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_scroll");
        Sql.exec(c, "create table cf_scroll (id int primary key, v varchar(10))",
            "insert into cf_scroll values (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five')");
        DatabaseMetaData md = c.getMetaData();
        int[] types = {ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.TYPE_SCROLL_SENSITIVE};
        for (int type : types) {
            t.attempt("supportsResultSetType(" + type + ")", () -> md.supportsResultSetType(type));
            t.attempt("supportsResultSetConcurrency(" + type + ", UPDATABLE)",
                () -> md.supportsResultSetConcurrency(type, ResultSet.CONCUR_UPDATABLE));
        }
        try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            t.attempt("stmt.getResultSetType", s::getResultSetType);
            t.attempt("stmt.getResultSetConcurrency", s::getResultSetConcurrency);
            t.wrapperCheck("scrollable Statement.getConnection()", () -> Wrappers.assertLeadsBack(
                "Statement.getConnection()", s, Statement.class, Statement::getConnection, c, Connection.class));
            try (ResultSet rs = s.executeQuery("select id, v from cf_scroll order by id")) {
                t.same("scrollable resultSet.getStatement()", rs.getStatement(), s);
                t.wrapperCheck("scrollable ResultSet is ours", () -> Wrappers.assertOurs(rs, ResultSet.class));
                t.attempt("rs.getType", rs::getType);
                t.attempt("rs.getConcurrency", rs::getConcurrency);
                t.attempt("isBeforeFirst", rs::isBeforeFirst);
                t.attempt("last", rs::last);
                t.attempt("getRow", rs::getRow);
                t.attempt("getString(v)", () -> rs.getString("v"));
                t.attempt("isLast", rs::isLast);
                t.attempt("absolute(2)", () -> rs.absolute(2));
                t.attempt("getRow", rs::getRow);
                t.attempt("previous", rs::previous);
                t.attempt("getInt(1)", () -> rs.getInt(1));
                t.attempt("isFirst", rs::isFirst);
                t.attempt("previous", rs::previous);
                t.attempt("isBeforeFirst", rs::isBeforeFirst);
                t.attempt("relative(3)", () -> rs.relative(3));
                t.attempt("getInt(1)", () -> rs.getInt(1));
                t.attempt("relative(-1)", () -> rs.relative(-1));
                t.attempt("getRow", rs::getRow);
                t.attempt("absolute(-1)", () -> rs.absolute(-1));
                t.attempt("getInt(1)", () -> rs.getInt(1));
                t.attempt("absolute(100)", () -> rs.absolute(100));
                t.attempt("isAfterLast", rs::isAfterLast);
                t.attempt("getRow", rs::getRow);
                t.attempt("first", rs::first);
                t.attempt("getString(2)", () -> rs.getString(2));
                t.attemptRun("afterLast", rs::afterLast);
                t.attempt("previous", rs::previous);
                t.attempt("getInt(1)", () -> rs.getInt(1));
                t.attemptRun("beforeFirst", rs::beforeFirst);
                t.attempt("next", rs::next);
                t.attempt("getInt(1)", () -> rs.getInt(1));
                t.attemptRun("setFetchDirection(REVERSE)", () -> rs.setFetchDirection(ResultSet.FETCH_REVERSE));
                t.attempt("getFetchDirection", rs::getFetchDirection);
            }
        }
        try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            // Drivers downgrade what they cannot do, and may say so with a warning.
            t.attempt("scroll-sensitive stmt.getResultSetType", s::getResultSetType);
            t.warnings("connection warnings after asking for scroll-sensitive", c.getWarnings());
            try (ResultSet rs = s.executeQuery("select id from cf_scroll order by id")) {
                t.attempt("scroll-sensitive rs.getType", rs::getType);
                t.attempt("last", rs::last);
                t.attempt("getRow", rs::getRow);
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from cf_scroll order by id")) {
            t.attempt("forward-only rs.getType", rs::getType);
            t.attempt("next", rs::next);
            t.attempt("previous on forward-only", rs::previous);
            t.attempt("absolute(3) on forward-only", () -> rs.absolute(3));
            t.attempt("first on forward-only", rs::first);
            t.attempt("last on forward-only", rs::last);
            t.attemptRun("beforeFirst on forward-only", rs::beforeFirst);
            t.attempt("getRow", rs::getRow);
        }
        Sql.dropTables(c, "cf_scroll");
    }

    /** Changing rows through an updatable result set. */
    static void updatable(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_updatable");
        Sql.exec(c, "create table cf_updatable (id int primary key, v varchar(20), n int)",
            "insert into cf_updatable values (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
        try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)) {
            t.attempt("stmt.getResultSetConcurrency", s::getResultSetConcurrency);
            t.warnings("connection warnings", c.getWarnings());
            try (ResultSet rs = s.executeQuery("select id, v, n from cf_updatable order by id")) {
                t.attempt("rs.getConcurrency", rs::getConcurrency);
                t.attempt("next", rs::next);
                t.attemptRun("updateString(v)", () -> rs.updateString("v", "changed"));
                t.attemptRun("updateInt(n)", () -> rs.updateInt("n", 11));
                t.attemptRun("updateRow", rs::updateRow);
                t.attempt("getString(v) after updateRow", () -> rs.getString("v"));
                t.attempt("rowUpdated", rs::rowUpdated);
                t.attempt("next", rs::next);
                t.attemptRun("deleteRow", rs::deleteRow);
                t.attempt("rowDeleted", rs::rowDeleted);
                t.attemptRun("moveToInsertRow", rs::moveToInsertRow);
                t.attemptRun("updateInt(id)", () -> rs.updateInt("id", 4));
                t.attemptRun("updateString(v)", () -> rs.updateString("v", "inserted"));
                t.attemptRun("updateNull(n)", () -> rs.updateNull("n"));
                t.attemptRun("insertRow", rs::insertRow);
                t.attemptRun("moveToCurrentRow", rs::moveToCurrentRow);
                t.attempt("absolute(1)", () -> rs.absolute(1));
                t.attemptRun("updateString(v) then cancelRowUpdates", () -> {
                    rs.updateString("v", "cancelled");
                    rs.cancelRowUpdates();
                });
                t.attempt("getString(v) after cancel", () -> rs.getString("v"));
                t.attemptRun("refreshRow", rs::refreshRow);
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, v from cf_updatable order by id")) {
            t.attempt("next", rs::next);
            t.attemptRun("updateString on a read-only result", () -> rs.updateString("v", "nope"));
            t.attemptRun("updateRow on a read-only result", rs::updateRow);
        }
        t.table(c, "cf_updatable");
        Sql.dropTables(c, "cf_updatable");
    }
}
