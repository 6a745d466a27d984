package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Writing: update counts, batches and generated keys. */
final class UpdateScenarios {

    private UpdateScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("update_counts", UpdateScenarios::updateCounts),
            Scenario.of("batches", UpdateScenarios::batches),
            Scenario.of("generated_keys", UpdateScenarios::generatedKeys));
    }

    /** {@code executeUpdate}, {@code executeLargeUpdate} and {@code execute} with their counts, and misuse of each. */
    static void updateCounts(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_counts");
        try (Statement s = c.createStatement()) {
            t.attempt("executeUpdate(create table)",
                () -> s.executeUpdate("create table cf_counts (id int primary key, v varchar(20), n int)"));
            t.attempt("executeUpdate(insert one)", () -> s.executeUpdate("insert into cf_counts values (1, 'a', 10)"));
            t.attempt("executeUpdate(insert three)",
                () -> s.executeUpdate("insert into cf_counts values (2, 'b', 20), (3, 'c', 30), (4, 'd', 40)"));
            t.attempt("executeUpdate(update two)", () -> s.executeUpdate("update cf_counts set n = n + 1 where id >= 3"));
            t.attempt("executeUpdate(update none)", () -> s.executeUpdate("update cf_counts set n = 0 where id = 99"));
            t.attempt("getUpdateCount after executeUpdate", s::getUpdateCount);
            t.attempt("executeLargeUpdate(update all)", () -> s.executeLargeUpdate("update cf_counts set v = upper(v)"));
            t.attempt("getLargeUpdateCount", s::getLargeUpdateCount);
            t.attempt("execute(delete one)", () -> s.execute("delete from cf_counts where id = 4"));
            t.attempt("getUpdateCount", s::getUpdateCount);
            t.attempt("getLargeUpdateCount", s::getLargeUpdateCount);
            t.attempt("getResultSet", s::getResultSet);
            t.attempt("getMoreResults", s::getMoreResults);
            t.attempt("getUpdateCount after getMoreResults", s::getUpdateCount);
            t.attempt("execute(select)", () -> s.execute("select id from cf_counts order by id"));
            t.attempt("getUpdateCount after a query", s::getUpdateCount);
            t.rows("execute(select).getResultSet", s.getResultSet());
            t.attempt("executeUpdate(create index)", () -> s.executeUpdate("create index cf_counts_n on cf_counts (n)"));
            t.attempt("executeUpdate(select)", () -> s.executeUpdate("select id from cf_counts"));
            t.attempt("executeQuery(update)", () -> s.executeQuery("update cf_counts set n = n where id = 1"));
            t.attempt("executeLargeUpdate(delete none)", () -> s.executeLargeUpdate("delete from cf_counts where id < 0"));
        }
        try (PreparedStatement ps = c.prepareStatement("update cf_counts set n = ? where id <= ?")) {
            ps.setInt(1, 5);
            ps.setInt(2, 2);
            t.attempt("prepared executeUpdate", ps::executeUpdate);
            ps.setInt(2, 3);
            t.attempt("prepared executeLargeUpdate", ps::executeLargeUpdate);
            ps.setInt(2, 0);
            t.attempt("prepared execute", ps::execute);
            t.attempt("prepared getUpdateCount", ps::getUpdateCount);
            t.attempt("prepared getResultSet", ps::getResultSet);
            t.attempt("prepared executeUpdate(String) is not allowed", () -> ps.executeUpdate("delete from cf_counts"));
        }
        try (PreparedStatement ps = c.prepareStatement("select id from cf_counts where id = ?")) {
            ps.setInt(1, 1);
            t.attempt("prepared executeUpdate of a query", ps::executeUpdate);
        }
        t.table(c, "cf_counts");
        Sql.dropTables(c, "cf_counts");
    }

    /**
     * {@code executeBatch} and {@code executeLargeBatch} of statements and of prepared statements,
     * an empty batch, a cleared batch, and a batch with a failing element ({@code BatchUpdateException}
     * with its counts).
     */
    static void batches(Connection c, Transcript t) throws SQLException {
        Sql.dropTables(c, "cf_batch");
        Sql.exec(c, "create table cf_batch (id int primary key, v varchar(20))");
        try (Statement s = c.createStatement()) {
            t.attempt("empty executeBatch", s::executeBatch);
            s.addBatch("insert into cf_batch values (1, 'one')");
            s.addBatch("insert into cf_batch values (2, 'two'), (3, 'three')");
            s.addBatch("update cf_batch set v = 'x' where id > 1");
            s.addBatch("delete from cf_batch where id = 99");
            t.attempt("statement executeBatch", s::executeBatch);
            t.attempt("executeBatch again (batch cleared)", s::executeBatch);
            s.addBatch("insert into cf_batch values (4, 'four')");
            s.addBatch("update cf_batch set v = 'y'");
            t.attempt("statement executeLargeBatch", s::executeLargeBatch);
            s.addBatch("insert into cf_batch values (50, 'cleared')");
            s.clearBatch();
            t.attempt("executeBatch after clearBatch", s::executeBatch);
            s.addBatch("insert into cf_batch values (5, 'five')");
            s.addBatch("insert into cf_batch values (1, 'duplicate')");
            s.addBatch("insert into cf_batch values (6, 'six')");
            t.attempt("statement executeBatch with a failing element", s::executeBatch);
            t.attempt("executeBatch after the failure", s::executeBatch);
            t.attempt("addBatch(select) then executeBatch", () -> {
                s.addBatch("select 1");
                return s.executeBatch();
            });
            s.clearBatch();
        }
        t.table(c, "cf_batch");
        try (PreparedStatement ps = c.prepareStatement("insert into cf_batch values (?, ?)")) {
            t.attempt("empty prepared executeBatch", ps::executeBatch);
            for (int i = 10; i < 13; i++) {
                ps.setInt(1, i);
                ps.setString(2, "p" + i);
                ps.addBatch();
            }
            t.attempt("prepared executeBatch", ps::executeBatch);
            for (int i = 20; i < 22; i++) {
                ps.setInt(1, i);
                ps.setString(2, "large" + i);
                ps.addBatch();
            }
            t.attempt("prepared executeLargeBatch", ps::executeLargeBatch);
            ps.setInt(1, 30);
            ps.setString(2, "ok");
            ps.addBatch();
            ps.setInt(1, 10);
            ps.setString(2, "duplicate");
            ps.addBatch();
            ps.setInt(1, 31);
            ps.setString(2, "after");
            ps.addBatch();
            t.attempt("prepared executeBatch with a failing element", ps::executeBatch);
            ps.setInt(1, 40);
            ps.setString(2, "then");
            ps.addBatch();
            ps.clearBatch();
            t.attempt("prepared executeBatch after clearBatch", ps::executeBatch);
        }
        try (PreparedStatement ps = c.prepareStatement("update cf_batch set v = ? where id >= ?")) {
            ps.setString(1, "u");
            ps.setInt(2, 20);
            ps.addBatch();
            ps.setString(1, "none");
            ps.setInt(2, 1000);
            ps.addBatch();
            t.attempt("prepared update executeLargeBatch", ps::executeLargeBatch);
        }
        t.table(c, "cf_batch");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("insert into cf_batch values (?, ?)")) {
            ps.setInt(1, 100);
            ps.setString(2, "rolled back");
            ps.addBatch();
            t.attempt("batch in a transaction", ps::executeBatch);
            t.attemptRun("rollback", c::rollback);
        } finally {
            c.setAutoCommit(true);
        }
        t.table(c, "cf_batch");
        Sql.dropTables(c, "cf_batch");
    }

    /**
     * Generated keys through every API: {@code RETURN_GENERATED_KEYS}, column names, column
     * indexes; on statements, prepared statements and batches; read by column name and by index.
     * Where an engine refuses a form, the refusal is the observation.
     */
    static void generatedKeys(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_keys");
        Sql.exec(c, "create table cf_keys (" + e.pick("id bigint generated by default as identity primary key",
            "id bigint generated by default as identity primary key", "id bigint auto_increment primary key")
            + ", name varchar(20), created int default 7)");
        String id = e.storedIdentifier("id");
        try (Statement s = c.createStatement()) {
            t.attempt("executeUpdate(RETURN_GENERATED_KEYS)",
                () -> s.executeUpdate("insert into cf_keys (name) values ('a')", Statement.RETURN_GENERATED_KEYS));
            keys(t, "statement RETURN_GENERATED_KEYS", s, id);
            t.attempt("executeUpdate(two rows, RETURN_GENERATED_KEYS)", () -> s.executeUpdate(
                "insert into cf_keys (name) values ('b'), ('c')", Statement.RETURN_GENERATED_KEYS));
            keys(t, "statement two rows", s, id);
            t.attempt("executeUpdate(column names)",
                () -> s.executeUpdate("insert into cf_keys (name) values ('d')", new String[] {id}));
            keys(t, "statement column names", s, id);
            t.attempt("executeUpdate(two column names)", () -> s.executeUpdate(
                "insert into cf_keys (name) values ('e')", new String[] {id, e.storedIdentifier("created")}));
            keys(t, "statement two column names", s, id);
            t.attempt("executeUpdate(column indexes)",
                () -> s.executeUpdate("insert into cf_keys (name) values ('f')", new int[] {1}));
            keys(t, "statement column indexes", s, id);
            t.attempt("execute(RETURN_GENERATED_KEYS)",
                () -> s.execute("insert into cf_keys (name) values ('g')", Statement.RETURN_GENERATED_KEYS));
            keys(t, "execute RETURN_GENERATED_KEYS", s, id);
            t.attempt("execute(column names)",
                () -> s.execute("insert into cf_keys (name) values ('h')", new String[] {id}));
            keys(t, "execute column names", s, id);
            t.attempt("executeLargeUpdate(RETURN_GENERATED_KEYS)", () -> s.executeLargeUpdate(
                "insert into cf_keys (name) values ('i')", Statement.RETURN_GENERATED_KEYS));
            keys(t, "executeLargeUpdate RETURN_GENERATED_KEYS", s, id);
            t.attempt("executeUpdate(NO_GENERATED_KEYS)",
                () -> s.executeUpdate("insert into cf_keys (name) values ('j')", Statement.NO_GENERATED_KEYS));
            keys(t, "statement NO_GENERATED_KEYS", s, id);
            t.attempt("executeUpdate without asking", () -> s.executeUpdate("insert into cf_keys (name) values ('k')"));
            keys(t, "statement without asking", s, id);
        }
        try (PreparedStatement ps = c.prepareStatement("insert into cf_keys (name) values (?)",
            Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "p1");
            t.attempt("prepared executeUpdate(RETURN_GENERATED_KEYS)", ps::executeUpdate);
            keys(t, "prepared RETURN_GENERATED_KEYS", ps, id);
            ps.setString(1, "p2");
            ps.addBatch();
            ps.setString(1, "p3");
            ps.addBatch();
            t.attempt("prepared executeBatch(RETURN_GENERATED_KEYS)", ps::executeBatch);
            keys(t, "prepared batch RETURN_GENERATED_KEYS", ps, id);
        }
        try (PreparedStatement ps = c.prepareStatement("insert into cf_keys (name) values (?)", new String[] {id})) {
            ps.setString(1, "q1");
            t.attempt("prepared executeLargeUpdate(column names)", ps::executeLargeUpdate);
            keys(t, "prepared column names", ps, id);
        }
        PreparedStatement byIndex = t.attempt("prepareStatement(column indexes)",
            () -> c.prepareStatement("insert into cf_keys (name) values (?)", new int[] {1}));
        if (byIndex != null) {
            try (PreparedStatement ps = byIndex) {
                ps.setString(1, "r1");
                t.attempt("prepared executeUpdate(column indexes)", ps::executeUpdate);
                keys(t, "prepared column indexes", ps, id);
            }
        }
        t.table(c, "cf_keys");
        Sql.dropTables(c, "cf_keys");
    }

    /** Records {@code getGeneratedKeys()}: rows, by index and by name, and where its roads lead. */
    private static void keys(Transcript t, String label, Statement s, String idColumn) {
        ResultSet keys;
        try {
            keys = s.getGeneratedKeys();
        } catch (SQLException e) {
            t.error(label + " getGeneratedKeys", e);
            return;
        }
        if (keys == null) {
            t.record(label + " getGeneratedKeys", null);
            return;
        }
        try (ResultSet rs = keys) {
            Statement owner = t.attempt(label + " keys.getStatement()", rs::getStatement);
            t.same(label + " keys.getStatement()", owner, s);
            t.wrapperCheck(label + " keys.getStatement()", () -> Wrappers.assertLeadsBackIfAny(
                "getGeneratedKeys().getStatement()", rs, ResultSet.class, ResultSet::getStatement, s, Statement.class));
            t.metaData(label + " keys.meta", rs.getMetaData());
            t.wrapperCheck(label + " getGeneratedKeys() is ours", () -> Wrappers.assertOurs(rs, ResultSet.class));
            int row = 0;
            while (rs.next()) {
                row++;
                t.attempt(label + " key " + row + " getLong(1)", () -> rs.getLong(1));
                t.attempt(label + " key " + row + " getObject(1)", () -> rs.getObject(1));
                t.attempt(label + " key " + row + " getLong(" + idColumn + ")", () -> rs.getLong(idColumn));
            }
            t.record(label + " keys rows", row);
        } catch (SQLException e) {
            t.error(label + " reading keys", e);
        }
    }
}
