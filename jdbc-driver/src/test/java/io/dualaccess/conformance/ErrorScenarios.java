package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/**
 * Exceptions (class, SQLState, vendor code, message) and what stays usable after them; and the
 * closed state: what closing closes, double close, and using what is closed.
 */
final class ErrorScenarios {

    private ErrorScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("sql_errors", ErrorScenarios::sqlErrors),
            Scenario.of("constraint_violations", ErrorScenarios::constraintViolations),
            Scenario.of("errors_in_transaction", ErrorScenarios::errorsInTransaction),
            Scenario.of("closed_state", ErrorScenarios::closedState));
    }

    /** After an error the connection must still answer, and say it is open and valid. */
    private static void stillUsable(Transcript t, Connection c, String after) {
        t.attempt("after " + after + ": select 1", () -> Sql.scalar(c, "select 1"));
        t.attempt("after " + after + ": isClosed", c::isClosed);
        t.attempt("after " + after + ": isValid", () -> c.isValid(5));
    }

    private static void query(Transcript t, Connection c, String label, String sql) {
        t.attempt(label, () -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                t.rows(label + " result", rs);
                t.warnings(label + " warnings", s.getWarnings());
                return "returned";
            }
        });
        stillUsable(t, c, label);
    }

    private static void update(Transcript t, Connection c, String label, String sql) {
        t.attempt(label, () -> {
            try (Statement s = c.createStatement()) {
                int n = s.executeUpdate(sql);
                t.warnings(label + " warnings", s.getWarnings());
                return n;
            }
        });
        stillUsable(t, c, label);
    }

    /** Syntax, unknown objects, arithmetic and conversion errors, misuse of the API. */
    static void sqlErrors(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_err");
        Sql.exec(c, "create table cf_err (id int primary key, v varchar(5), n int)");
        query(t, c, "syntax error", "selec 1");
        query(t, c, "unknown table", "select * from cf_no_such_table");
        query(t, c, "unknown column", "select no_such_column from cf_err");
        query(t, c, "unknown function", "select cf_no_such_function(1)");
        // MariaDB answers NULL with a warning here; H2 and PostgreSQL raise 22012.
        query(t, c, "division by zero", "select 1 / 0");
        query(t, c, "division by zero in a column", "select id / (n - n) from cf_err");
        update(t, c, "insert one row", "insert into cf_err values (1, 'abc', 0)");
        query(t, c, "division by zero on a row", "select id / n from cf_err");
        update(t, c, "division by zero in an update", "update cf_err set n = 1 / n");
        query(t, c, "invalid cast", e.pick("select cast('abc' as int)", "select cast('abc' as int)",
            "select cast('abc' as signed)"));
        update(t, c, "value too long", "insert into cf_err values (2, 'much too long', 0)");
        update(t, c, "wrong type", "insert into cf_err values ('x', 'a', 0)");
        update(t, c, "too many values", "insert into cf_err values (3, 'a', 0, 0)");
        query(t, c, "numeric overflow", e.pick("select cast(2147483647 as int) + 1", "select cast(2147483647 as int) + 1",
            "select 9223372036854775807 + 1"));
        try (PreparedStatement ps = c.prepareStatement("select ? from cf_err")) {
            t.attempt("prepared: parameter not set", () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            });
        }
        stillUsable(t, c, "parameter not set");
        t.attempt("prepareStatement with a syntax error", () -> {
            try (PreparedStatement ps = c.prepareStatement("selec ? frm cf_err")) {
                ps.setInt(1, 1);
                return ps.executeQuery().next();
            }
        });
        stillUsable(t, c, "prepared syntax error");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, v from cf_err")) {
            t.attempt("getString before next", () -> rs.getString(1));
            t.attempt("next", rs::next);
            t.attempt("getString(0)", () -> rs.getString(0));
            t.attempt("getString(3) past the last column", () -> rs.getString(3));
            t.attempt("getString(no_such_label)", () -> rs.getString("no_such_label"));
            t.attempt("getInt(v) of text", () -> rs.getInt("v"));
            t.attempt("next past the end", rs::next);
            t.attempt("getString after the end", () -> rs.getString(1));
        }
        t.attempt("executeQuery(\"\")", () -> {
            try (Statement s = c.createStatement()) {
                return s.executeQuery("").next();
            }
        });
        t.attempt("execute(null)", () -> {
            try (Statement s = c.createStatement()) {
                return s.execute(null);
            }
        });
        t.attempt("prepareStatement(null)", () -> c.prepareStatement(null));
        stillUsable(t, c, "API misuse");
        t.table(c, "cf_err");
        Sql.dropTables(c, "cf_err");
    }

    /** Unique, not-null, foreign-key and check violations, through statements and prepared statements. */
    static void constraintViolations(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_child", "cf_parent");
        Sql.exec(c, "create table cf_parent (id int primary key, code varchar(10) not null unique, n int check (n >= 0))",
            "create table cf_child (id int primary key, parent_id int not null references cf_parent (id))",
            "insert into cf_parent values (1, 'one', 1)",
            "insert into cf_child values (10, 1)");
        update(t, c, "duplicate primary key", "insert into cf_parent values (1, 'uno', 1)");
        update(t, c, "duplicate unique", "insert into cf_parent values (2, 'one', 1)");
        update(t, c, "not null", "insert into cf_parent values (3, null, 1)");
        update(t, c, "check", "insert into cf_parent values (4, 'four', -1)");
        update(t, c, "foreign key on insert", "insert into cf_child values (11, 99)");
        update(t, c, "foreign key on delete", "delete from cf_parent where id = 1");
        update(t, c, "foreign key on update", "update cf_child set parent_id = 42");
        try (PreparedStatement ps = c.prepareStatement("insert into cf_parent values (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "dup");
            ps.setInt(3, 0);
            t.attempt("prepared duplicate primary key", ps::executeUpdate);
            ps.setInt(1, 5);
            ps.setNull(2, java.sql.Types.VARCHAR);
            t.attempt("prepared not null", ps::executeUpdate);
            ps.setString(2, "five");
            t.attempt("prepared retry succeeds", ps::executeUpdate);
        }
        stillUsable(t, c, "prepared violations");
        t.table(c, "cf_parent");
        t.table(c, "cf_child");
        Sql.dropTables(c, "cf_child", "cf_parent");
    }

    /** An error inside a transaction: what the next statement sees, rollback, and a savepoint that contains it. */
    static void errorsInTransaction(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_txerr");
        Sql.exec(c, "create table cf_txerr (id int primary key)");
        c.setAutoCommit(false);
        try {
            update(t, c, "insert 1", "insert into cf_txerr values (1)");
            update(t, c, "duplicate in a transaction", "insert into cf_txerr values (1)");
            update(t, c, "insert 2 after the error", "insert into cf_txerr values (2)");
            t.attemptRun("commit after the error", c::commit);
            t.table(c, "cf_txerr");
            t.attemptRun("rollback", c::rollback);
            update(t, c, "insert 3", "insert into cf_txerr values (3)");
            Savepoint sp = t.attempt("setSavepoint", () -> c.setSavepoint("before_error"));
            update(t, c, "duplicate after a savepoint", "insert into cf_txerr values (3)");
            t.attemptRun("rollback(savepoint)", () -> c.rollback(sp));
            update(t, c, "insert 4 after rollback to savepoint", "insert into cf_txerr values (4)");
            t.attemptRun("commit", c::commit);
        } finally {
            c.setAutoCommit(true);
        }
        t.table(c, "cf_txerr");
        Sql.dropTables(c, "cf_txerr");
    }

    /**
     * Closing: a statement closes its result set, a result set leaves its statement open,
     * {@code closeOnCompletion}, and closing the connection closes everything; double close is
     * harmless; using anything closed throws, the same exception as the driver's.
     */
    static void closedState(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Statement s1 = c.createStatement();
        ResultSet rs1 = s1.executeQuery("select 1");
        t.attemptRun("statement.close", s1::close);
        t.attempt("statement.isClosed", s1::isClosed);
        t.attempt("its resultSet.isClosed", rs1::isClosed);
        t.attemptRun("statement.close again", s1::close);
        t.attempt("executeQuery on a closed statement", () -> s1.executeQuery("select 1"));
        t.attempt("executeUpdate on a closed statement", () -> s1.executeUpdate("select 1"));
        t.attempt("getConnection on a closed statement", s1::getConnection);
        t.attempt("getResultSet on a closed statement", s1::getResultSet);
        t.attempt("getMaxRows on a closed statement", s1::getMaxRows);
        t.attempt("next on the closed statement's result", rs1::next);
        t.attempt("getStatement on a closed result", rs1::getStatement);

        Statement s2 = c.createStatement();
        ResultSet rs2 = s2.executeQuery("select 2");
        t.attemptRun("resultSet.close", rs2::close);
        t.attempt("resultSet.isClosed", rs2::isClosed);
        t.attempt("its statement.isClosed", s2::isClosed);
        t.attemptRun("resultSet.close again", rs2::close);
        t.attempt("getInt on a closed result", () -> rs2.getInt(1));
        t.attempt("getMetaData on a closed result", rs2::getMetaData);
        t.attempt("statement still executes", () -> {
            try (ResultSet rs = s2.executeQuery("select 3")) {
                return rs.next() ? rs.getObject(1) : null;
            }
        });
        s2.close();

        Statement s3 = c.createStatement();
        t.attempt("isCloseOnCompletion", s3::isCloseOnCompletion);
        t.attemptRun("closeOnCompletion", s3::closeOnCompletion);
        t.attempt("isCloseOnCompletion", s3::isCloseOnCompletion);
        ResultSet rs3 = s3.executeQuery("select 4");
        t.attempt("next", rs3::next);
        t.attempt("statement open while its result is", s3::isClosed);
        rs3.close();
        t.attempt("statement closed on completion", s3::isClosed);
        s3.close();

        Statement s4 = c.createStatement();
        ResultSet rs4 = s4.executeQuery("select 5");
        t.attempt("next", rs4::next);
        PreparedStatement ps4 = c.prepareStatement("select ?");
        // Not executed: only its closed state matters, so a call of a routine that does not exist will do.
        CallableStatement cs4 = t.attempt("prepareCall",
            () -> c.prepareCall(e.pick("{? = call abs(-1)}", "{? = call abs(-1)}", "{call cf_no_such_procedure()}")));
        DatabaseMetaData md = c.getMetaData();
        t.attempt("connection.isClosed before close", c::isClosed);
        t.attemptRun("connection.close", c::close);
        t.attempt("connection.isClosed", c::isClosed);
        t.attempt("its statement.isClosed", s4::isClosed);
        t.attempt("its resultSet.isClosed", rs4::isClosed);
        t.attempt("its preparedStatement.isClosed", ps4::isClosed);
        if (cs4 != null) {
            t.attempt("its callableStatement.isClosed", cs4::isClosed);
        }
        t.attemptRun("connection.close again", c::close);
        t.attempt("isValid on a closed connection", () -> c.isValid(1));
        t.attempt("createStatement on a closed connection", c::createStatement);
        t.attempt("prepareStatement on a closed connection", () -> c.prepareStatement("select 1"));
        t.attempt("getAutoCommit on a closed connection", c::getAutoCommit);
        t.attemptRun("commit on a closed connection", c::commit);
        t.attemptRun("rollback on a closed connection", c::rollback);
        t.attemptRun("setAutoCommit on a closed connection", () -> c.setAutoCommit(false));
        t.attempt("getMetaData on a closed connection", () -> c.getMetaData() != null);
        t.attempt("metaData.getTables on a closed connection", () -> md.getTables(null, null, "CF_NONE", null));
        t.attempt("getWarnings on a closed connection", c::getWarnings);
        t.attempt("executeQuery on a statement of a closed connection", () -> s4.executeQuery("select 1"));
        t.attemptRun("setInt on a prepared statement of a closed connection", () -> ps4.setInt(1, 1));
        t.attempt("executeQuery on a prepared statement of a closed connection", ps4::executeQuery);
        t.attempt("next on a result of a closed connection", rs4::next);
        t.attempt("getInt on a result of a closed connection", () -> rs4.getInt(1));
        t.attemptRun("statement.close after connection.close", s4::close);
        t.attemptRun("resultSet.close after connection.close", rs4::close);
    }
}
