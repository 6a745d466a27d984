package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** {@code DatabaseMetaData}, and the wrapper contract: {@code unwrap}, {@code isWrapperFor}, every road back. */
final class MetaDataScenarios {

    private MetaDataScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            Scenario.of("database_metadata", MetaDataScenarios::databaseMetaData),
            Scenario.of("unwrap_and_roads_back", MetaDataScenarios::unwrapAndRoadsBack));
    }

    /** Product facts, identifier rules, and the catalog queries for a table the scenario creates. */
    static void databaseMetaData(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_meta_child", "cf_meta");
        Sql.exec(c, "create table cf_meta (id int primary key, name varchar(20) not null, amount decimal(10,2) default 0)",
            "create table cf_meta_child (id int primary key, meta_id int references cf_meta (id))",
            "create index cf_meta_name on cf_meta (name)");
        DatabaseMetaData md = c.getMetaData();
        t.same("metaData.getConnection()", md.getConnection(), c);
        t.same("getMetaData() twice", c.getMetaData(), md);
        t.wrapperCheck("getMetaData() is ours", () -> Wrappers.assertOurs(md, DatabaseMetaData.class));
        t.wrapperCheck("DatabaseMetaData.getConnection()", () -> Wrappers.assertLeadsBack(
            "DatabaseMetaData.getConnection()", md, DatabaseMetaData.class, DatabaseMetaData::getConnection,
            c, Connection.class));
        t.attempt("getDatabaseProductName", md::getDatabaseProductName);
        t.attempt("getDatabaseProductVersion", md::getDatabaseProductVersion);
        t.attempt("getDatabaseMajorVersion", md::getDatabaseMajorVersion);
        t.attempt("getDriverName", md::getDriverName);
        t.attempt("getDriverVersion", md::getDriverVersion);
        t.attempt("getDriverMajorVersion", md::getDriverMajorVersion);
        t.attempt("getJDBCMajorVersion", md::getJDBCMajorVersion);
        t.attempt("getJDBCMinorVersion", md::getJDBCMinorVersion);
        t.attempt("getURL", md::getURL);
        t.attempt("getUserName", md::getUserName);
        t.attempt("isReadOnly", md::isReadOnly);
        t.attempt("getIdentifierQuoteString", md::getIdentifierQuoteString);
        t.attempt("getSearchStringEscape", md::getSearchStringEscape);
        t.attempt("getExtraNameCharacters", md::getExtraNameCharacters);
        t.attempt("getCatalogSeparator", md::getCatalogSeparator);
        t.attempt("getCatalogTerm", md::getCatalogTerm);
        t.attempt("getSchemaTerm", md::getSchemaTerm);
        t.attempt("getProcedureTerm", md::getProcedureTerm);
        t.attempt("storesUpperCaseIdentifiers", md::storesUpperCaseIdentifiers);
        t.attempt("storesLowerCaseIdentifiers", md::storesLowerCaseIdentifiers);
        t.attempt("storesMixedCaseIdentifiers", md::storesMixedCaseIdentifiers);
        t.attempt("supportsMixedCaseQuotedIdentifiers", md::supportsMixedCaseQuotedIdentifiers);
        t.attempt("supportsBatchUpdates", md::supportsBatchUpdates);
        t.attempt("supportsGetGeneratedKeys", md::supportsGetGeneratedKeys);
        t.attempt("supportsNamedParameters", md::supportsNamedParameters);
        t.attempt("supportsStoredProcedures", md::supportsStoredProcedures);
        t.attempt("supportsTransactions", md::supportsTransactions);
        t.attempt("getMaxConnections", md::getMaxConnections);
        t.attempt("getResultSetHoldability", md::getResultSetHoldability);
        t.attempt("getSQLStateType", md::getSQLStateType);
        t.attempt("getRowIdLifetime", md::getRowIdLifetime);
        t.attempt("locatorsUpdateCopy", md::locatorsUpdateCopy);
        t.attempt("getSQLKeywords", md::getSQLKeywords);
        t.attempt("getNumericFunctions", md::getNumericFunctions);

        // Scoped to this connection's database: on a shared server, another database may hold the same table.
        String catalog = e == Engine.MARIADB ? c.getCatalog() : null;
        String schema = e == Engine.MARIADB ? null : c.getSchema();
        t.record("catalog", catalog);
        t.record("schema", schema);
        String table = e.storedIdentifier("cf_meta");
        String child = e.storedIdentifier("cf_meta_child");
        metaRows(t, "getTables", () -> md.getTables(catalog, schema, table, new String[] {"TABLE"}), c);
        metaRows(t, "getTables(cf_meta%)", () -> md.getTables(catalog, schema, e.storedIdentifier("cf\\_meta%"), null), c);
        metaRows(t, "getColumns", () -> md.getColumns(catalog, schema, table, null), c);
        metaRows(t, "getColumns(name)", () -> md.getColumns(catalog, schema, table, e.storedIdentifier("name")), c);
        metaRows(t, "getPrimaryKeys", () -> md.getPrimaryKeys(catalog, schema, table), c);
        metaRows(t, "getImportedKeys", () -> md.getImportedKeys(catalog, schema, child), c);
        metaRows(t, "getExportedKeys", () -> md.getExportedKeys(catalog, schema, table), c);
        metaRows(t, "getIndexInfo", () -> md.getIndexInfo(catalog, schema, table, false, false), c);
        metaRows(t, "getTableTypes", md::getTableTypes, c);
        t.attempt("getTypeInfo row count", () -> {
            try (ResultSet rs = md.getTypeInfo()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                return n;
            }
        });
        Sql.dropTables(c, "cf_meta_child", "cf_meta");
    }

    private static void metaRows(Transcript t, String label, Transcript.SqlCall<ResultSet> query, Connection c) {
        ResultSet rs = t.attempt(label, query);
        if (rs == null) {
            return;
        }
        try (rs) {
            // A metadata result set may come from an internal statement: it must still lead back to our connection.
            Statement owner = t.attempt(label + ".getStatement()", rs::getStatement);
            if (owner != null) {
                t.attempt(label + ".getStatement().getConnection() is the connection", () -> owner.getConnection() == c);
                t.wrapperCheck(label + ".getStatement() is ours", () -> Wrappers.assertOurs(owner, Statement.class));
                t.wrapperCheck(label + ".getStatement().getConnection()", () -> Wrappers.assertLeadsBack(
                    "metadata ResultSet.getStatement().getConnection()", owner, Statement.class, Statement::getConnection,
                    c, Connection.class));
            }
            t.rows(label, rs);
        } catch (SQLException e) {
            t.error(label + " close", e);
        }
    }

    /**
     * What an application sees of the wrapping: {@code isWrapperFor} and {@code unwrap} to the vendor
     * types and to foreign types, on every kind of object; plus, through dualaccess, that every
     * object handed out is ours and every road back leads to the object the application holds.
     */
    static void unwrapAndRoadsBack(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Class<?> vendorConnection = e.vendorConnectionType();
        Class<?> vendorStatement = e.vendorStatementType();
        Class<?> vendorResultSet = e.vendorResultSetType();
        t.attempt("connection.isWrapperFor(" + vendorConnection.getName() + ")", () -> c.isWrapperFor(vendorConnection));
        t.attempt("connection.unwrap(" + vendorConnection.getName() + ") class",
            () -> c.unwrap(vendorConnection).getClass().getName());
        t.attempt("connection.unwrap twice is the same object",
            () -> c.unwrap(vendorConnection) == c.unwrap(vendorConnection));
        t.attempt("connection.isWrapperFor(String)", () -> c.isWrapperFor(String.class));
        t.attempt("connection.unwrap(String)", () -> c.unwrap(String.class));
        t.wrapperCheck("Connection unwraps to the vendor connection",
            () -> Wrappers.assertUnwrapsToVendor(c, vendorConnection));

        try (Statement s = c.createStatement()) {
            t.attempt("statement.isWrapperFor(" + vendorStatement.getName() + ")", () -> s.isWrapperFor(vendorStatement));
            t.attempt("statement.unwrap(" + vendorStatement.getName() + ") class",
                () -> s.unwrap(vendorStatement).getClass().getName());
            t.attempt("statement.unwrap(String)", () -> s.unwrap(String.class));
            t.same("statement.getConnection()", s.getConnection(), c);
            t.wrapperCheck("Statement is ours", () -> Wrappers.assertOurs(s, Statement.class));
            t.wrapperCheck("Statement unwraps to the vendor statement",
                () -> Wrappers.assertUnwrapsToVendor(s, vendorStatement));
            t.wrapperCheck("Statement.getConnection()", () -> Wrappers.assertLeadsBack("Statement.getConnection()",
                s, Statement.class, Statement::getConnection, c, Connection.class));
            try (ResultSet rs = s.executeQuery("select 1")) {
                t.attempt("resultSet.isWrapperFor(" + vendorResultSet.getName() + ")",
                    () -> rs.isWrapperFor(vendorResultSet));
                t.attempt("resultSet.unwrap(" + vendorResultSet.getName() + ") class",
                    () -> rs.unwrap(vendorResultSet).getClass().getName());
                t.attempt("resultSet.unwrap(String)", () -> rs.unwrap(String.class));
                t.same("resultSet.getStatement()", rs.getStatement(), s);
                t.same("resultSet.getStatement().getConnection()", rs.getStatement().getConnection(), c);
                t.wrapperCheck("ResultSet is ours", () -> Wrappers.assertOurs(rs, ResultSet.class));
                t.wrapperCheck("ResultSet unwraps to the vendor result",
                    () -> Wrappers.assertUnwrapsToVendor(rs, vendorResultSet));
                t.wrapperCheck("ResultSet.getStatement()", () -> Wrappers.assertLeadsBack("ResultSet.getStatement()",
                    rs, ResultSet.class, ResultSet::getStatement, s, Statement.class));
            }
            t.attempt("execute(select)", () -> s.execute("select 2"));
            try (ResultSet rs = s.getResultSet()) {
                t.same("getResultSet().getStatement()", rs.getStatement(), s);
                t.wrapperCheck("getResultSet() is ours", () -> Wrappers.assertOurs(rs, ResultSet.class));
                t.wrapperCheck("getResultSet().getStatement()", () -> Wrappers.assertLeadsBack("ResultSet.getStatement()",
                    rs, ResultSet.class, ResultSet::getStatement, s, Statement.class));
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 3")) {
            // Applications and frameworks ask a statement for its current result again and again.
            t.attempt("getResultSet() is the result executeQuery returned", () -> s.getResultSet() == rs);
            t.attempt("getResultSet() twice is the same object", () -> s.getResultSet() == s.getResultSet());
            t.attempt("getGeneratedKeys() after a query", () -> {
                ResultSet keys = s.getGeneratedKeys();
                t.rows("keys of a query", keys);
                return keys == rs;
            });
            t.attempt("getResultSet() after getGeneratedKeys() is still the same object", () -> s.getResultSet() == rs);
            t.attempt("getResultSet() twice after getGeneratedKeys()", () -> s.getResultSet() == s.getResultSet());
        }
        try (PreparedStatement ps = c.prepareStatement("select ?")) {
            t.attempt("preparedStatement.isWrapperFor(" + vendorStatement.getName() + ")",
                () -> ps.isWrapperFor(vendorStatement));
            t.attempt("preparedStatement.isWrapperFor(PreparedStatement)", () -> ps.isWrapperFor(PreparedStatement.class));
            t.same("preparedStatement.getConnection()", ps.getConnection(), c);
            t.wrapperCheck("PreparedStatement is ours", () -> Wrappers.assertOurs(ps, PreparedStatement.class));
            t.wrapperCheck("PreparedStatement.getConnection()", () -> Wrappers.assertLeadsBack(
                "PreparedStatement.getConnection()", ps, PreparedStatement.class, PreparedStatement::getConnection,
                c, Connection.class));
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                t.same("prepared resultSet.getStatement()", rs.getStatement(), ps);
                t.wrapperCheck("prepared ResultSet is ours", () -> Wrappers.assertOurs(rs, ResultSet.class));
                t.wrapperCheck("prepared ResultSet.getStatement()", () -> Wrappers.assertLeadsBack(
                    "ResultSet.getStatement()", rs, ResultSet.class, ResultSet::getStatement, ps, Statement.class));
            }
            t.attempt("prepared execute", ps::execute);
            try (ResultSet rs = ps.getResultSet()) {
                t.same("prepared getResultSet().getStatement()", rs.getStatement(), ps);
                t.wrapperCheck("prepared getResultSet().getStatement()", () -> Wrappers.assertLeadsBack(
                    "ResultSet.getStatement()", rs, ResultSet.class, ResultSet::getStatement, ps, Statement.class));
            }
        }
        String call = e.pick("{? = call abs(?)}", "{? = call abs(?)}", "{call cf_no_such_procedure(?)}");
        CallableStatement callable = t.attempt("prepareCall", () -> c.prepareCall(call));
        if (callable != null) {
            try (CallableStatement cs = callable) {
                t.attempt("callableStatement.isWrapperFor(CallableStatement)",
                    () -> cs.isWrapperFor(CallableStatement.class));
                t.same("callableStatement.getConnection()", cs.getConnection(), c);
                t.wrapperCheck("CallableStatement is ours", () -> Wrappers.assertOurs(cs, CallableStatement.class));
                t.wrapperCheck("CallableStatement.getConnection()", () -> Wrappers.assertLeadsBack(
                    "CallableStatement.getConnection()", cs, CallableStatement.class, CallableStatement::getConnection,
                    c, Connection.class));
            }
        }
        DatabaseMetaData md = c.getMetaData();
        t.same("metaData.getConnection()", md.getConnection(), c);
        t.attempt("metaData.isWrapperFor(DatabaseMetaData)", () -> md.isWrapperFor(DatabaseMetaData.class));
        t.attempt("metaData.unwrap(String)", () -> md.unwrap(String.class));
        t.wrapperCheck("DatabaseMetaData is ours", () -> Wrappers.assertOurs(md, DatabaseMetaData.class));
        t.wrapperCheck("DatabaseMetaData.getConnection()", () -> Wrappers.assertLeadsBack(
            "DatabaseMetaData.getConnection()", md, DatabaseMetaData.class, DatabaseMetaData::getConnection,
            c, Connection.class));
        try (ResultSet rs = md.getTableTypes()) {
            t.wrapperCheck("metadata ResultSet is ours", () -> Wrappers.assertOurs(rs, ResultSet.class));
            Statement owner = rs.getStatement();
            t.record("metadata resultSet.getStatement() is null", owner == null);
            if (owner != null) {
                t.same("metadata resultSet.getStatement().getConnection()", owner.getConnection(), c);
                t.wrapperCheck("metadata ResultSet.getStatement() is ours",
                    () -> Wrappers.assertOurs(owner, Statement.class));
            }
        }
    }
}
