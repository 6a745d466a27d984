package io.dualaccess.cli.migrate;

import io.dualaccess.cli.DualAccessCli;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line ships MySQL Connector/J: a {@code jdbc:mysql:} URL works for A (here a MariaDB server). */
class MysqlUrlTest {

    @TempDir
    Path dir;

    @Test
    void verifyReadsAThroughAJdbcMysqlUrl() throws Exception {
        TestDb a = Engine.MARIADB.a();
        TestDb b = Engine.MARIADB.b();
        for (TestDb d : new TestDb[] {a, b}) {
            d.run("drop table if exists mysql_url_t", "create table mysql_url_t (id int primary key, name varchar(20))",
                "insert into mysql_url_t values (1, 'one'), (2, 'two')");
        }
        String mysqlUrl = a.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        Path config = dir.resolve("dualaccess.properties");
        Files.writeString(config, String.join("\n",
            "dualaccess.a.url=" + mysqlUrl, "dualaccess.a.user=" + a.user(), "dualaccess.a.password=" + a.password(),
            "dualaccess.b.url=" + b.url(), "dualaccess.b.user=" + b.user(), "dualaccess.b.password=" + b.password(), ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), "verify", "-c", config.toString(),
            "--tables", "mysql_url_t");
        assertThat(code).as(out + "\n" + err).isZero();
        a.run("drop table mysql_url_t");
        b.run("drop table mysql_url_t");
    }

    @Test
    void bThroughMysqlsDriverRewritesBatchesUnlessTheUrlSaysOtherwise() {
        assertThat(Databases.batchRewriting("jdbc:mysql://h:3306/db")).isEqualTo("jdbc:mysql://h:3306/db?rewriteBatchedStatements=true");
        assertThat(Databases.batchRewriting("jdbc:mysql://h/db?useSSL=false"))
            .isEqualTo("jdbc:mysql://h/db?useSSL=false&rewriteBatchedStatements=true");
        assertThat(Databases.batchRewriting("jdbc:mysql://h/db?rewriteBatchedStatements=false"))
            .isEqualTo("jdbc:mysql://h/db?rewriteBatchedStatements=false");
        assertThat(Databases.batchRewriting("jdbc:mariadb://h/db")).isEqualTo("jdbc:mariadb://h/db");
    }

    @Test
    void backfillWritesBThroughAJdbcMysqlUrl() throws Exception {
        TestDb a = Engine.POSTGRESQL.a();
        TestDb b = Engine.MARIADB.b();
        a.run("drop table if exists mysql_bf_t", "create table mysql_bf_t (id int primary key, name varchar(20))",
            "insert into mysql_bf_t select g, 'n' || g from generate_series(1, 1200) g");
        b.run("drop table if exists mysql_bf_t", "create table mysql_bf_t (id int primary key, name varchar(20))",
            "insert into mysql_bf_t values (7, 'n7')");
        Path config = dir.resolve("dualaccess.properties");
        Files.writeString(config, String.join("\n",
            "dualaccess.a.url=" + a.url(), "dualaccess.a.user=" + a.user(), "dualaccess.a.password=" + a.password(),
            "dualaccess.b.url=" + b.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"), "dualaccess.b.user=" + b.user(),
            "dualaccess.b.password=" + b.password(), ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), "backfill", "-c", config.toString(),
            "--tables", "mysql_bf_t", "--run", "mysql-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(b.rows("select count(*), count(distinct id) from mysql_bf_t")).containsExactly("1200|1200");
        a.run("drop table mysql_bf_t");
        b.run("drop table mysql_bf_t");
    }
}
