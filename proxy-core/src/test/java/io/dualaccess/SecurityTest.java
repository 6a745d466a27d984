package io.dualaccess;

import io.dualaccess.config.ConfigDiscovery;
import io.dualaccess.config.ConfigParser;
import io.dualaccess.config.Masking;
import io.dualaccess.config.RawConfig;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.ErrorText;
import io.dualaccess.events.EventLog;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.route.TableAxes;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values, secrets and files against a hostile user (issue 16): B's error messages do not carry
 * values out, URL credentials are masked in every form, nonsensical durations and configuration
 * files are refused by name, the journal and the comparison log are private, and a journal
 * failure does not print the values it lost. (The admin server's part is the sidecar's SecurityTest.)
 */
class SecurityTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    Path dir;

    // ---- vendor error text -------------------------------------------------------------------------

    /**
     * B has a unique note and a check A lacks; the application writes a marker that B refuses. The
     * marker is in the journal (repair needs it) and nowhere else: not in the comparison log, not in
     * any event a listener (the admin server) sees, not in dualaccess's log lines.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aMarkerWrittenThroughABErrorAppearsOnlyInTheJournal(Engine engine) throws Exception {
        TestDb a = engine.a();
        TestDb b = engine.b();
        String t = "sec_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        String dup = "M1" + Long.toHexString(System.nanoTime()) + "'(x) \"q\" @/:";
        String row = "M2" + Long.toHexString(System.nanoTime()) + ")(";
        a.run("create table " + t + " (id int primary key, note varchar(100), n int)");
        b.run("create table " + t + " (id int primary key, note varchar(100) unique, n int, check (n < 100))",
            "insert into " + t + " values (100, '" + dup.replace("'", "''") + "', 1)");
        List<ComparisonEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<String> breakerSaw = Collections.synchronizedList(new ArrayList<>());
        String log;
        try (Captured err = Captured.stderr();
             DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
                 .phase(Phase.DUAL_WRITE)
                 .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                 .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                 .build()) {
            ds.runtime().addEventListener(events::add);
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into " + t + " (id, note, n) values (?, ?, ?)")) {
                // What the breaker records is what Resilience4j logs at debug.
                ds.runtime().mirror().breaker().getEventPublisher()
                    .onError(ev -> breakerSaw.add(String.valueOf(ev.getThrowable())));
                ps.setInt(1, 1);
                ps.setString(2, dup);
                ps.setInt(3, 1);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                ps.setInt(1, 2);
                ps.setString(2, row);
                ps.setInt(3, 500);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            ds.close();
            log = err.text();
        } finally {
            a.run("drop table " + t);
            b.run("drop table " + t);
        }
        String comparisons = Files.readString(dir.resolve("comparisons.jsonl"));
        String journal = Files.readString(dir.resolve("journal.jsonl"));
        assertThat(events).filteredOn(e -> e.b().error() != null).hasSize(2)
            .allSatisfy(e -> assertThat(e.b().error()).contains("SQLState").doesNotContain(dup).doesNotContain(row));
        assertThat(comparisons).contains("b_error").doesNotContain(dup.substring(0, 10)).doesNotContain(row.substring(0, 10));
        assertThat(journal).contains(dup.substring(0, 10)).contains(row.substring(0, 10));
        // Constraint violations (SQLState class 23) are about the statement, not B's health: the breaker
        // never records them (they go to the quarantine, issue 12), so neither their text (what it does
        // record is a masked copy: Mirror.forBreaker).
        assertThat(breakerSaw).isEmpty();
        // The vendor driver's own logging is the application's (MariaDB Connector/J logs each server error at WARN).
        assertThat(log.lines().filter(l -> l.contains(dup.substring(0, 10)) || l.contains(row.substring(0, 10))))
            .allSatisfy(l -> assertThat(l).contains("org.mariadb.jdbc"));
    }

    @Test
    void fullKeepsTheErrorTextOfB() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String marker = "FULL" + Long.toHexString(System.nanoTime());
        a.run("create table t (id int primary key, note varchar(100))");
        b.run("create table t (id int primary key, note varchar(100))", "insert into t values (1, 'x')");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
                 .phase(Phase.DUAL_WRITE).set("dualaccess.log.values", "full")
                 .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                 .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString()).build();
             Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("insert into t values (?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, marker);
            ps.executeUpdate();
        }
        assertThat(Files.readString(dir.resolve("comparisons.jsonl"))).contains(marker);
    }

    @Test
    void vendorMessagesLoseTheirValuesAndKeepTheirWords() {
        // Messages as PostgreSQL 16 (pgjdbc 42.7), MariaDB 11 (Connector/J 3.5) and H2 2.3 give them
        // for values that hold quotes, parentheses and a line break.
        String v = "S3CR'(x) \"y\"\n@/:z";
        Map<String, String> cases = new HashMap<>();
        cases.put("ERROR: duplicate key value violates unique constraint \"p_note_key\"\n  Detail: Key (note)=(" + v + ") already exists.",
            "ERROR: duplicate key value violates unique constraint \"p_note_key\"\n  Detail: Key (****) already exists.");
        cases.put("ERROR: new row for relation \"p\" violates check constraint \"p_n_check\"\n  Detail: Failing row contains (8, " + v + ", 500, null).",
            "ERROR: new row for relation \"p\" violates check constraint \"p_n_check\"\n  Detail: Failing row contains (****).");
        cases.put("ERROR: insert or update on table \"c\" violates foreign key constraint \"c_p_fkey\"\n  Detail: Key (p)=(" + v + ") is not present in table \"p\".",
            null);
        cases.put("ERROR: invalid input syntax for type integer: \"" + v + "\"\n  Position: 51", null);
        cases.put("ERROR: value \"" + v + "\" is out of range for type integer", null);
        cases.put("(conn=1315) Duplicate entry '" + v + "' for key 'note'", "(conn=1315) Duplicate entry '****'");
        cases.put("(conn=1315) Incorrect integer value: '" + v + "' for column `db`.`p`.`n` at row 1",
            "(conn=1315) Incorrect integer value: '****' for column `db`.`p`.`n` at row 1");
        cases.put("Unique index or primary key violation: \"PRIMARY KEY ON PUBLIC.P(ID) ( /* key:6 */ 6, U&'S3CR''(x) \"\"y\"\"\\\\000a@/:z', 1, NULL)\"; SQL statement:\ninsert into p (id, note, n) values (?, ?, ?) [23505-232]",
            "Unique index or primary key violation: \"****\"; SQL statement:\ninsert into p (id, note, n) values (****) [23505-232]");
        cases.put("Value too long for column \"S CHARACTER VARYING(5)\": \"'" + v + "' (12)\"; SQL statement:\ninsert into p values (?) [22001-232]", null);
        cases.put("Data conversion error converting \"'" + v + "' (P: \"\"N\"\" INTEGER)\"; SQL statement:\nx [22018-232]", null);
        cases.put("Referential integrity constraint violation: \"FK: PUBLIC.C FOREIGN KEY(P) REFERENCES PUBLIC.P(ID) (" + v + ")\"; SQL statement:\nx", null);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String masked = ErrorText.masked(c.getKey());
            assertThat(masked).as(c.getKey()).doesNotContain("S3CR").doesNotContain("@/:z").contains("****");
            if (c.getValue() != null) {
                assertThat(masked).isEqualTo(c.getValue());
            }
        }
        assertThat(ErrorText.masked("ERROR: relation \"missing\" does not exist")).isEqualTo("ERROR: relation \"missing\" does not exist");
        assertThat(ErrorText.describe(new SQLException("boom", "23505", 1062))).isEqualTo("SQLException (SQLState 23505, vendor code 1062): boom");
    }

    @Test
    void theEventLogMasksErrorsBeforeAnyListenerSeesThem() throws Exception {
        List<ComparisonEvent> seen = new ArrayList<>();
        Path file = dir.resolve("events.jsonl");
        try (EventLog log = new EventLog(file, 10)) {
            log.addListener(seen::add);
            log.publish(new ComparisonEvent(0, "write", "dual-write", io.dualaccess.events.Outcome.B_ERROR, null, "f", "s", null,
                new io.dualaccess.events.SideResult(1, 1, null),
                new io.dualaccess.events.SideResult(-1, 1, "PSQLException: ERROR: x\n  Detail: Failing row contains (SECRET1)."),
                List.of("t"), "1-1", List.of()));
        }
        assertThat(seen.get(0).b().error()).doesNotContain("SECRET1");
        assertThat(Files.readString(file)).doesNotContain("SECRET1").contains("Failing row contains (****)");
    }

    // ---- URL credentials ---------------------------------------------------------------------------

    @Test
    void urlsLoseEverySecretWhateverItsFormOrCharacters() {
        String s = "Zq9&x;y@/:?#=)(,%20";
        List<String> urls = List.of(
            "jdbc:postgresql://h:5432/db?user=app&password=" + s + "&ssl=true",
            "jdbc:postgresql://h:5432/db?ssl=true&sslmode=verify-full&trustStorePassword=" + s,
            "jdbc:mysql://h/db?keyStorePassword=" + s + "&useSSL=true",
            "jdbc:postgresql://h/db?sslkey=/k.pk8&sslpassword=" + s + "&keyPassword=" + s,
            "jdbc:mariadb://h/db?trustStorePassword=" + s + "&keyStorePassword=" + s,
            "jdbc:sqlserver://h;user=app;password=" + s + ";databaseName=x",
            "jdbc:sqlserver://h;databaseName=x;clientSecret=" + s,
            "jdbc:h2:tcp://h/db;USER=sa;PASSWORD=" + s,
            "jdbc:snowflake://a.snowflakecomputing.com/?token=" + s + "&warehouse=w",
            "jdbc:databricks://h:443;AuthMech=3;UID=token;PWD=" + s,
            // In MySQL's key=value groups a value cannot hold ")(" (the driver ends the group there too).
            "jdbc:mysql://(host=h,port=3306,user=u,password=" + s.replace(")(", "") + ")/db",
            "jdbc:mysql://address=(host=h)(password=" + s.replace(")(", "") + ")(port=3306)/db",
            "jdbc:mariadb://app:" + s + "@h:3306/db",
            "jdbc:postgresql://app:" + s + "@h:5432/db?user=me@tenant",
            "jdbc:mysql://app:pa/ss@wo:rd" + s + "@h/db",
            "jdbc:oracle:thin:scott/" + s + "@//h:1521/svc",
            "jdbc:oracle:thin:scott/" + s + "@h:1521:sid");
        for (String url : urls) {
            String masked = Masking.url(url);
            assertThat(masked).as(url).doesNotContain("Zq9").doesNotContain("%20").contains("****");
        }
        assertThat(Masking.url("jdbc:postgresql://h:5432/db?user=admin@srv&password=x&ssl=true"))
            .isEqualTo("jdbc:postgresql://h:5432/db?user=admin@srv&password=****&ssl=true");
        assertThat(Masking.url("jdbc:mariadb://app:secret@h:3306/db")).isEqualTo("jdbc:mariadb://app:****@h:3306/db");
        assertThat(Masking.url("jdbc:postgresql://h:5432/db?ssl=true&sslmode=require"))
            .isEqualTo("jdbc:postgresql://h:5432/db?ssl=true&sslmode=require");
    }

    @Test
    void aRuntimeWithSecretsInBsUrlLogsNoneOfThem() throws Exception {
        // A URL the driver takes (pgjdbc itself logs a URL it cannot parse, user-info included: its own logging).
        String url = "jdbc:postgresql://127.0.0.1:1/db?password=URLPW1&sslpassword=URLPW2&trustStorePassword=URLPW3"
            + "&keyStorePassword=URLPW4&connectTimeout=1";
        TestDb a = Engine.H2.a();
        StringBuilder seen = new StringBuilder();
        try (Captured err = Captured.stderr();
             DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource()).b(url, "u", "URLPW5")
                 .phase(Phase.DUAL_WRITE).set("dualaccess.control.poll", "off")
                 .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                 .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString()).build()) {
            seen.append(ds.config().describe());
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("create table t (id int)");
            } catch (SQLException | RuntimeException e) {
                // The driver does not take this URL: what the application is told must not hold the secrets either.
                for (Throwable x = e; x != null; x = x.getCause()) {
                    seen.append('\n').append(x);
                }
            }
            ds.close();
            seen.append(err.text());
        }
        assertThat(seen.toString()).contains("dualaccess.b.url").contains("unreachable").doesNotContain("URLPW");
    }

    // ---- validation ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"dualaccess.b.statement-timeout", "dualaccess.breaker.open-duration", "dualaccess.admin.sample-interval"})
    void zeroNegativeOrHugeDurationsAreRefusedNamingTheKey(String key) throws Exception {
        for (String value : List.of("0", "0s", "0ms", "-1s", "99999999999h", "25h")) {
            assertThatThrownBy(() -> parse(Map.of(key, value)))
                .as(key + "=" + value)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(key + " = '" + value + "'");
        }
        assertThat(parse(Map.of(key, "1ms")).get(io.dualaccess.config.ConfigKey.byName(key))).isEqualTo(java.time.Duration.ofMillis(1));
    }

    @Test
    void theControlPollMayBeOffButNotNegativeOrHuge() throws Exception {
        assertThat(parse(Map.of("dualaccess.control.poll", "0")).get(io.dualaccess.config.ConfigKey.CONTROL_POLL))
            .isEqualTo(java.time.Duration.ZERO);
        assertThatThrownBy(() -> parse(Map.of("dualaccess.control.poll", "-5s"))).hasMessageContaining("dualaccess.control.poll");
        assertThatThrownBy(() -> parse(Map.of("dualaccess.control.poll", "999999999999h"))).hasMessageContaining("dualaccess.control.poll");
    }

    @Test
    void fileModeAndAdminHostsAreValidated() {
        assertThatThrownBy(() -> parse(Map.of("dualaccess.files.mode", "400"))).hasMessageContaining("dualaccess.files.mode = '400'");
        assertThatThrownBy(() -> parse(Map.of("dualaccess.files.mode", "rw-r--r--"))).hasMessageContaining("dualaccess.files.mode");
        assertThatThrownBy(() -> parse(Map.of("dualaccess.admin.hosts", "http://x.example/"))).hasMessageContaining("dualaccess.admin.hosts");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theConfigFileMustBeARegularFileBelowOneMebibyte() throws Exception {
        Path fifo = dir.resolve("fifo.properties");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        Path big = dir.resolve("big.properties");
        Files.write(big, new byte[ConfigDiscovery.MAX_FILE_BYTES + 1]);
        Path directory = Files.createDirectory(dir.resolve("conf.d"));
        for (String file : List.of("/dev/zero", fifo.toString(), big.toString(), directory.toString())) {
            Properties system = new Properties();
            system.setProperty(ConfigDiscovery.FILE_PROPERTY, file);
            RawConfig raw = ConfigDiscovery.gather(null, system, Map.of(), null);
            assertThat(raw.problems()).as(file).singleElement().satisfies(p ->
                assertThat(p).contains(file).contains("system property dualaccess.config").contains("expected a readable properties file"));
            assertThatThrownBy(() -> DualAccessConfig.from(ConfigParser.parse(raw, Map.of()))).isInstanceOf(InvalidConfigurationException.class);
        }
        Path ok = dir.resolve("ok.properties");
        Files.writeString(ok, "dualaccess.phase=off\n");
        Properties system = new Properties();
        system.setProperty(ConfigDiscovery.FILE_PROPERTY, ok.toString());
        assertThat(ConfigDiscovery.gather(null, system, Map.of(), null).problems()).isEmpty();
    }

    // ---- files ------------------------------------------------------------------------------------------

    @Test
    void theJournalAndTheComparisonLogAreCreatedForTheOwnerOnly() throws Exception {
        // the journal, its companion file of transaction intents, and the comparison log
        assertThat(modesAfterADivergence(null)).containsExactly("rw-------", "rw-------", "rw-------");
        assertThat(modesAfterADivergence("640")).containsExactly("rw-r-----", "rw-r-----", "rw-r-----");
    }

    private List<String> modesAfterADivergence(String mode) throws Exception {
        Path d = Files.createTempDirectory(dir, "files");
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        a.run("create table t (id int primary key)");
        b.run("create table t (id int primary key)", "insert into t values (1)");
        DualAccessDataSource.Builder builder = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
            .phase(Phase.DUAL_WRITE)
            .set("dualaccess.log.file", d.resolve("logs/comparisons.jsonl").toString())
            .set("dualaccess.journal.file", d.resolve("journal/journal.jsonl").toString());
        if (mode != null) {
            builder.set("dualaccess.files.mode", mode);
        }
        try (DualAccessDataSource ds = builder.build(); Connection c = ds.getConnection()) {
            c.createStatement().executeUpdate("insert into t values (1)");
        }
        return List.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("journal/journal.jsonl"))),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("journal/journal.jsonl.intents"))),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("logs/comparisons.jsonl"))));
    }

    @Test
    void aJournalThatCannotBeWrittenLogsTheLostEntryMasked() throws Exception {
        TestDb a = Engine.H2.a();
        TestDb b = Engine.H2.b();
        String marker = "LOST" + Long.toHexString(System.nanoTime());
        a.run("create table t (id int primary key, note varchar(100))");
        b.run("create table t (id int primary key, note varchar(100))", "insert into t values (1, 'x')");
        Path journalIsADirectory = Files.createDirectory(dir.resolve("journal.jsonl"));
        String log;
        try (Captured err = Captured.stderr();
             DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource()).b(b.url(), b.user(), b.password())
                 .phase(Phase.DUAL_WRITE)
                 .set("dualaccess.log.file", dir.resolve("comparisons.jsonl").toString())
                 .set("dualaccess.journal.file", journalIsADirectory.toString()).build()) {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("insert into t values (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, marker);
                ps.executeUpdate();
            }
            assertThat(ds.runtime().journal().failures()).isEqualTo(1);
            log = err.text();
        }
        assertThat(log).contains("cannot append to divergence journal").contains("values masked").contains("string(" + marker.length() + ")")
            .doesNotContain(marker);
    }

    // ---- the control table in log lines ------------------------------------------------------------------

    @Test
    void aPhaseWithTwoHundredThousandOverridesIsOneShortLogLine() {
        Map<String, TableAxes> tables = new java.util.TreeMap<>();
        for (int i = 0; i < 200_000; i++) {
            tables.put("t" + i, TableAxes.of(Phase.OFF));
        }
        PhaseSnapshot s = PhaseSnapshot.of(Reads.A_SHADOW_B, Writes.A, tables, 1, "test");
        assertThat(s.toString()).hasSizeLessThan(2_000).contains("199980 more of 200000 overrides");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static DualAccessConfig parse(Map<String, String> settings) throws InvalidConfigurationException {
        Properties p = new Properties();
        p.putAll(settings);
        return DualAccessConfig.from(ConfigParser.parse(ConfigDiscovery.gather(null, new Properties(), Map.of(), p), Map.of()));
    }

    /** What is printed to standard error meanwhile (slf4j-simple, dualaccess's log in tests, writes there). */
    private static final class Captured implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        static Captured stderr() {
            Captured c = new Captured();
            System.setErr(new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (c.bytes) {
                        c.bytes.write(b);
                    }
                    c.original.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (c.bytes) {
                        c.bytes.write(b, off, len);
                    }
                    c.original.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8));
            return c;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
