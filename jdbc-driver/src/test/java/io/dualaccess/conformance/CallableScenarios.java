package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * {@code CallableStatement}: OUT and INOUT parameters, function return values, and on each engine
 * its way to return result sets from a routine (PostgreSQL's refcursor, MariaDB's procedure result
 * sets). H2 has no procedures: its Java functions return one value, so the OUT-parameter forms
 * are attempted there and the refusals recorded.
 */
final class CallableScenarios {

    private CallableScenarios() {
    }

    static List<Scenario> all() {
        return List.of(Scenario.of("callable_out_parameters", CallableScenarios::callable));
    }

    static void callable(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        switch (e) {
            case H2 -> Sql.exec(c,
                "create alias if not exists cf_add for 'io.dualaccess.conformance.H2Functions.add'",
                "create alias if not exists cf_upper for 'io.dualaccess.conformance.H2Functions.upper'");
            case POSTGRESQL -> Sql.exec(c,
                "create or replace function cf_add(a int, b int, out s int, out p int) language plpgsql"
                    + " as $$ begin s := a + b; p := a * b; end $$",
                "create or replace function cf_upper(x text) returns text language sql as $$ select upper(x) $$",
                "create or replace procedure cf_inout(inout x int) language plpgsql as $$ begin x := x * 2; end $$",
                "create or replace function cf_cursor() returns refcursor language plpgsql as $$"
                    + " declare c refcursor := 'cf_cur';"
                    + " begin open c for select 1 as n union all select 2; return c; end $$");
            default -> Sql.exec(c,
                "drop procedure if exists cf_add",
                "drop function if exists cf_upper",
                "drop procedure if exists cf_inout",
                "drop procedure if exists cf_results",
                "create procedure cf_add(in a int, in b int, out s int, out p int) begin set s = a + b; set p = a * b; end",
                "create function cf_upper(x varchar(40)) returns varchar(40) deterministic return upper(x)",
                "create procedure cf_inout(inout x int) begin set x = x * 2; end",
                "create procedure cf_results() begin select 1 as n union all select 2; select 'two' as s; end");
        }

        // {? = call f(?)}: a function's return value, the one form all three engines support.
        try (CallableStatement cs = c.prepareCall("{? = call cf_upper(?)}")) {
            t.wrapperCheck("prepareCall() is ours", () -> Wrappers.assertOurs(cs, CallableStatement.class));
            t.same("callableStatement.getConnection()", cs.getConnection(), c);
            t.wrapperCheck("CallableStatement.getConnection()", () -> Wrappers.assertLeadsBack(
                "CallableStatement.getConnection()", cs, CallableStatement.class, CallableStatement::getConnection,
                c, Connection.class));
            QueryScenarios.parameterMetaData(t, "upper", cs);
            t.attemptRun("registerOutParameter(1, VARCHAR)", () -> cs.registerOutParameter(1, Types.VARCHAR));
            cs.setString(2, "mixed Case");
            t.attempt("execute", cs::execute);
            t.attempt("getString(1)", () -> cs.getString(1));
            t.attempt("getObject(1)", () -> cs.getObject(1));
            t.attempt("wasNull", cs::wasNull);
            cs.setNull(2, Types.VARCHAR);
            t.attempt("execute with null", cs::execute);
            t.attempt("getString(1)", () -> cs.getString(1));
            t.attempt("wasNull", cs::wasNull);
            t.attempt("getString(2), an IN parameter", () -> cs.getString(2));
        }

        // OUT parameters: two of them, by index and by name.
        String addCall = e.pick("{call cf_add(?, ?, ?, ?)}", "{call cf_add(?, ?, ?, ?)}", "{call cf_add(?, ?, ?, ?)}");
        CallableStatement add = t.attempt("prepareCall(cf_add with OUT parameters)", () -> c.prepareCall(addCall));
        if (add != null) {
            try (CallableStatement cs = add) {
                cs.setInt(1, 6);
                cs.setInt(2, 7);
                t.attemptRun("registerOutParameter(3, INTEGER)", () -> cs.registerOutParameter(3, Types.INTEGER));
                t.attemptRun("registerOutParameter(4, INTEGER)", () -> cs.registerOutParameter(4, Types.INTEGER));
                t.attempt("execute", cs::execute);
                t.attempt("getInt(3)", () -> cs.getInt(3));
                t.attempt("getObject(4)", () -> cs.getObject(4));
                t.attempt("getLong(4)", () -> cs.getLong(4));
                t.attempt("getBigDecimal(3)", () -> cs.getBigDecimal(3));
                t.attempt("getString(4)", () -> cs.getString(4));
                t.attempt("getObject(4, Long)", () -> cs.getObject(4, Long.class));
                t.attempt("getInt(s) by name", () -> cs.getInt("s"));
                t.attempt("getInt(5), no such parameter", () -> cs.getInt(5));
                cs.setInt(1, 1);
                cs.setInt(2, -1);
                t.attempt("executeUpdate, re-executed", cs::executeUpdate);
                t.attempt("getInt(3)", () -> cs.getInt(3));
                t.attempt("getInt(4)", () -> cs.getInt(4));
            }
        }
        t.attempt("getObject of a parameter never registered", () -> {
            try (CallableStatement cs = c.prepareCall("{? = call cf_upper(?)}")) {
                cs.setString(2, "x");
                cs.execute();
                return cs.getObject(1);
            }
        });

        // INOUT: PostgreSQL and MariaDB procedures; H2 has none.
        if (e != Engine.H2) {
            t.attempt("INOUT procedure", () -> {
                try (CallableStatement cs = c.prepareCall(e.pick(null, "call cf_inout(?)", "{call cf_inout(?)}"))) {
                    cs.setInt(1, 21);
                    cs.registerOutParameter(1, Types.INTEGER);
                    cs.execute();
                    return cs.getInt(1);
                }
            });
        } else {
            t.note("H2 has no procedures, so no INOUT parameters");
        }

        if (e == Engine.POSTGRESQL) {
            refCursor(c, t);
        } else if (e == Engine.MARIADB) {
            procedureResults(c, t);
        }
        switch (e) {
            case H2 -> Sql.exec(c, "drop alias if exists cf_add", "drop alias if exists cf_upper");
            case POSTGRESQL -> Sql.exec(c, "drop function if exists cf_add", "drop function if exists cf_upper",
                "drop procedure if exists cf_inout", "drop function if exists cf_cursor");
            default -> Sql.exec(c, "drop procedure if exists cf_add", "drop function if exists cf_upper",
                "drop procedure if exists cf_inout", "drop procedure if exists cf_results");
        }
    }

    /**
     * A function returning a refcursor: pgjdbc hands the cursor's rows out as a {@code ResultSet}
     * from {@code getObject}, which must be one of ours like any other result set.
     */
    private static void refCursor(Connection c, Transcript t) throws SQLException {
        c.setAutoCommit(false); // a refcursor lives in its transaction
        try (CallableStatement cs = c.prepareCall("{? = call cf_cursor()}")) {
            t.attemptRun("registerOutParameter(1, REF_CURSOR)", () -> cs.registerOutParameter(1, Types.REF_CURSOR));
            t.attempt("execute", cs::execute);
            Object cursor = t.attempt("getObject(1)", () -> cs.getObject(1));
            if (cursor instanceof ResultSet rs) {
                t.same("refcursor resultSet.getStatement()", t.attempt("refcursor getStatement", rs::getStatement), cs);
                t.rows("refcursor", rs);
                rs.close();
            }
            t.attempt("execute again", cs::execute);
            t.attempt("getObject(1, ResultSet)", () -> {
                try (ResultSet rs = cs.getObject(1, ResultSet.class)) {
                    t.rows("refcursor as ResultSet", rs);
                    return "read";
                }
            });
            // The same cursor as a column of an ordinary query: ResultSet.getObject hands out a result set too.
            t.attempt("select cf_cursor(): getObject(1) of the row", () -> {
                try (Statement s = c.createStatement(); ResultSet outer = s.executeQuery("select cf_cursor()")) {
                    outer.next();
                    Object inner = outer.getObject(1);
                    if (inner instanceof ResultSet rs) {
                        t.rows("cursor column", rs);
                        rs.close();
                    }
                    return inner;
                }
            });
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /** A MariaDB procedure that returns two result sets (and the call's own final update count). */
    private static void procedureResults(Connection c, Transcript t) throws SQLException {
        try (CallableStatement cs = c.prepareCall("{call cf_results()}")) {
            Boolean first = t.attempt("execute", cs::execute);
            if (first != null) {
                StatementScenarios.allResults(t, "procedure", cs, first);
            }
        }
        try (Statement s = c.createStatement()) {
            Boolean first = t.attempt("plain statement: call cf_results()", () -> s.execute("call cf_results()"));
            if (first != null) {
                StatementScenarios.allResults(t, "statement call", s, first);
            }
        }
    }
}
