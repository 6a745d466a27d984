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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The corpus through dualaccess itself, A and B on different engines. Phase {@code shadow}: every
 * read is replayed on B in B's dialect and compared, every write mirrored in B's dialect; phase
 * {@code dual-write}: every write mirrored. The comparison log says how each went, and B equals A
 * after the writes.
 */
class CrossEngineShadowTest {

    @TempDir
    Path dir;

    @Test
    void postgresqlApplicationShadowedOntoMariadb() throws Exception {
        Map<String, Integer> outcomes = run(Engine.POSTGRESQL.a(), Engine.MARIADB.b(), DialectName.POSTGRES, DialectName.MARIADB,
            TranslationCorpusTest.POSTGRES_READS, TranslationCorpusTest.POSTGRES_WRITES, Phase.SHADOW);
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
        // Nothing by hand: B's catalog gives jOOQ the upsert's keys and the boolean columns.
        Map<String, Integer> outcomes = run(Engine.MARIADB.a(), Engine.POSTGRESQL.b(), DialectName.MARIADB, DialectName.POSTGRES,
            TranslationCorpusTest.MARIADB_READS, TranslationCorpusTest.MARIADB_WRITES, Phase.SHADOW);
        int total = TranslationCorpusTest.MARIADB_READS.size() + TranslationCorpusTest.MARIADB_WRITES.size();
        assertThat(outcomes.getOrDefault("mismatch", 0)).as(outcomes.toString()).isZero();
        assertThat(outcomes.getOrDefault("b_error", 0)).as(outcomes.toString()).isZero();
        assertThat(outcomes.getOrDefault("match", 0) + outcomes.getOrDefault("skipped", 0)).isEqualTo(total);
        assertThat(100.0 * outcomes.getOrDefault("match", 0) / total).as(outcomes.toString()).isGreaterThanOrEqualTo(95.0);
        try (Connection ca = Engine.MARIADB.a().connect(); Connection cb = Engine.POSTGRESQL.b().connect()) {
            assertThat(TranslationCorpusTest.differingTables(ca, cb, DialectName.MARIADB, DialectName.POSTGRES)).as("B = A").isEmpty();
        }
    }

    @Test
    void postgresqlApplicationInDualWriteOntoMariadb() throws Exception {
        dualWrite(Engine.POSTGRESQL.a(), Engine.MARIADB.b(), DialectName.POSTGRES, DialectName.MARIADB,
            TranslationCorpusTest.POSTGRES_READS, TranslationCorpusTest.POSTGRES_WRITES);
    }

    @Test
    void mariadbApplicationInDualWriteOntoPostgresql() throws Exception {
        dualWrite(Engine.MARIADB.a(), Engine.POSTGRESQL.b(), DialectName.MARIADB, DialectName.POSTGRES,
            TranslationCorpusTest.MARIADB_READS, TranslationCorpusTest.MARIADB_WRITES);
    }

    /** Phase dual-write: reads stay on A, every write is mirrored in B's dialect; B = A after, nothing journaled. */
    private void dualWrite(TestDb a, TestDb b, DialectName from, DialectName to, List<Case> reads, List<Case> writes) throws Exception {
        Map<String, Integer> outcomes = run(a, b, from, to, reads, writes, Phase.DUAL_WRITE);
        assertThat(outcomes).as("every write mirrored and its count matched").containsOnlyKeys("match");
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            assertThat(TranslationCorpusTest.differingTables(ca, cb, from, to)).as("B = A").isEmpty();
        }
        Path journal = dir.resolve("journal.jsonl");
        assertThat(Files.exists(journal) ? Files.readAllLines(journal) : List.of()).as("journal").isEmpty();
    }

    private Map<String, Integer> run(TestDb a, TestDb b, DialectName from, DialectName to, List<Case> reads, List<Case> writes,
                                     Phase phase) throws Exception {
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            TranslationCorpusTest.load(ca, from);
            TranslationCorpusTest.load(cb, to);
        }
        Path log = dir.resolve("comparisons.jsonl");
        try (DualAccessDataSource ds = DualAccessDataSource.builder(a.dataSource())
                .b(b.url(), b.user(), b.password())
                .phase(phase)
                .set("dualaccess.log.file", log.toString())
                .set("dualaccess.journal.file", dir.resolve("journal.jsonl").toString())
                .set("dualaccess.log.values", "full")
                .set("dualaccess.a.dialect", from.configValue())
                .build();
             Connection c = ds.getConnection()) {
            Translator toB = ds.runtime().translators().toB();
            // B's catalog is read in the background; the corpus starts once the translator has it.
            await().atMost(Duration.ofSeconds(30)).until(() -> !toB.wantsCatalog() || toB.catalogued());
            boolean shadow = phase == Phase.SHADOW;
            for (Case k : reads) {
                try (PreparedStatement ps = prepare(c, k); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            // Reads first: each is compared before the writes change the data.
            awaitLines(log, shadow ? reads.size() : 0);
            for (Case k : writes) {
                try (PreparedStatement ps = prepare(c, k)) {
                    ps.executeUpdate();
                }
            }
            awaitLines(log, (shadow ? reads.size() : 0) + writes.size());
        }
        List<String> events = Files.readAllLines(log);
        int expected = (phase == Phase.SHADOW ? reads.size() : 0) + writes.size();
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
        Path report = Path.of("target", "cross-engine-" + phase.configValue() + "-" + from.configValue() + "-to-" + to.configValue() + ".txt");
        List<String> lines = new ArrayList<>();
        lines.add(events.size() + " events, outcomes " + outcomes + ", translated " + translated);
        lines.addAll(notMatched);
        Files.write(report, lines);
        System.out.println(String.join("\n", lines));
        assertThat(events).hasSize(expected);
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
