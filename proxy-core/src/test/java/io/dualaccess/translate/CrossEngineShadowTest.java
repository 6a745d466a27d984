package io.dualaccess.translate;

import io.dualaccess.DualAccessDataSource;
import io.dualaccess.Phase;
import io.dualaccess.testing.Engine;
import io.dualaccess.testing.TestDb;
import io.dualaccess.testing.Waits;
import io.dualaccess.translate.TranslationCorpusTest.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus through dualaccess itself, phase {@code shadow}, A and B on different engines: every
 * read is replayed on B in B's dialect and compared, every write mirrored in B's dialect; the
 * comparison log says how each went, and B equals A after the writes.
 */
class CrossEngineShadowTest {

    @TempDir
    Path dir;

    @Test
    void postgresqlApplicationShadowedOntoMariadb() throws Exception {
        Map<String, Integer> outcomes = run(Engine.POSTGRESQL.a(), Engine.MARIADB.b(), DialectName.POSTGRES, DialectName.MARIADB,
            TranslationCorpusTest.POSTGRES_READS, TranslationCorpusTest.POSTGRES_WRITES);
        int total = TranslationCorpusTest.POSTGRES_READS.size() + TranslationCorpusTest.POSTGRES_WRITES.size();
        assertThat(outcomes.getOrDefault("mismatch", 0)).as(outcomes.toString()).isZero();
        assertThat(outcomes.getOrDefault("b_error", 0)).as(outcomes.toString()).isZero();
        assertThat(100.0 * outcomes.getOrDefault("match", 0) / total).as(outcomes.toString()).isGreaterThanOrEqualTo(95.0);
        try (Connection ca = Engine.POSTGRESQL.a().connect(); Connection cb = Engine.MARIADB.b().connect()) {
            assertThat(TranslationCorpusTest.differingTables(ca, cb, DialectName.POSTGRES, DialectName.MARIADB)).as("B = A").isEmpty();
        }
    }

    @Test
    void mariadbApplicationShadowedOntoPostgresql() throws Exception {
        // What jOOQ cannot do for this corpus, by hand: the upsert needs B's key, a MySQL-style boolean is skipped.
        Path overrides = dir.resolve("overrides.txt");
        Files.write(overrides, List.of(
            "fingerprint = insert into tags (id, name) values (?, ?) on duplicate key update name = values(name)",
            "b.sql = insert into tags (id, name) values (?, ?) on conflict (id) do update set name = excluded.name",
            "",
            "fingerprint = select id from owners where active = ? order by id",
            "skip = a boolean compared with a number: PostgreSQL needs true/false"));
        overridesFile = overrides;
        Map<String, Integer> outcomes = run(Engine.MARIADB.a(), Engine.POSTGRESQL.b(), DialectName.MARIADB, DialectName.POSTGRES,
            TranslationCorpusTest.MARIADB_READS, TranslationCorpusTest.MARIADB_WRITES);
        int total = TranslationCorpusTest.MARIADB_READS.size() + TranslationCorpusTest.MARIADB_WRITES.size();
        assertThat(outcomes.getOrDefault("mismatch", 0)).as(outcomes.toString()).isZero();
        assertThat(outcomes.getOrDefault("b_error", 0)).as(outcomes.toString()).isZero();
        assertThat(outcomes.getOrDefault("match", 0) + outcomes.getOrDefault("skipped", 0)).isEqualTo(total);
        assertThat(100.0 * outcomes.getOrDefault("match", 0) / total).as(outcomes.toString()).isGreaterThanOrEqualTo(90.0);
        // Only the skipped REPLACE (journaled for repair) leaves B behind.
        try (Connection ca = Engine.MARIADB.a().connect(); Connection cb = Engine.POSTGRESQL.b().connect()) {
            assertThat(TranslationCorpusTest.differingTables(ca, cb, DialectName.MARIADB, DialectName.POSTGRES))
                .singleElement().asString().startsWith("tags");
        }
        assertThat(Files.readString(dir.resolve("journal.jsonl"))).contains("replace into tags");
    }

    private Path overridesFile;

    private Map<String, Integer> run(TestDb a, TestDb b, DialectName from, DialectName to, List<Case> reads, List<Case> writes)
            throws Exception {
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            TranslationCorpusTest.load(ca, from);
            TranslationCorpusTest.load(cb, to);
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(Phase.SHADOW)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .set("dualaccess.log.values", "full")
                .set("dualaccess.a.dialect", from.configValue())
                .set("dualaccess.b.sql-overrides", overridesFile == null ? "" : overridesFile.toString())
                .build();
             Connection c = ds.getConnection()) {
            for (Case k : reads) {
                try (PreparedStatement ps = prepare(c, k); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            // Reads first: each is compared before the writes change the data.
            awaitLines(log, reads.size());
            for (Case k : writes) {
                try (PreparedStatement ps = prepare(c, k)) {
                    ps.executeUpdate();
                }
            }
            awaitLines(log, reads.size() + writes.size());
        }
        List<String> events = Files.readAllLines(log);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> notMatched = new ArrayList<>();
        int translated = 0;
        for (String e : events) {
            String outcome = e.replaceAll(".*\"outcome\":\"([a-z_]+)\".*", "$1");
            outcomes.merge(outcome, 1, Integer::sum);
            if (!outcome.equals("match")) {
                notMatched.add(e);
                if (outcome.equals("skipped")) {
                    assertThat(e).containsAnyOf("\"reason\":\"untranslatable\"", "\"reason\":\"override\"");
                }
            }
            if (e.contains("\"translated\":true")) {
                assertThat(e).contains("\"b\":{").containsPattern("\"b\":\\{[^}]*\"sql\":");
                translated++;
            }
        }
        Path report = Path.of("target", "cross-engine-shadow-" + from.configValue() + "-to-" + to.configValue() + ".txt");
        List<String> lines = new ArrayList<>();
        lines.add(events.size() + " events, outcomes " + outcomes + ", translated " + translated);
        lines.addAll(notMatched);
        Files.write(report, lines);
        System.out.println(String.join("\n", lines));
        assertThat(events).hasSize(reads.size() + writes.size());
        assertThat(translated).isPositive();
        return outcomes;
    }

    private static PreparedStatement prepare(Connection c, Case k) throws Exception {
        PreparedStatement ps = c.prepareStatement(k.sql());
        Object[] p = k.params();
        for (int i = 0; i < p.length; i++) {
            if (p[i] instanceof Long[] arr) {
                ps.setArray(i + 1, c.createArrayOf("bigint", arr));
            } else {
                ps.setObject(i + 1, p[i]);
            }
        }
        return ps;
    }

    private static void awaitLines(Path log, int n) {
        Waits.lines(log, n);
    }
}
