package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code dualaccess.*} properties that run the conformance suite in phase {@code dual-write}:
 * every write is mirrored to B on the same engine (DDL too, so the scenarios' tables exist on B),
 * and the application must still see exactly what A alone would show it.
 */
final class DualWriteConformance {

    private DualWriteConformance() {
    }

    /** The second database of an engine: B in dual-write, A (the mirror) where B answers. */
    static String otherDatabase(Engine engine, String suite) {
        return switch (engine) {
            case H2 -> "jdbc:h2:mem:" + suite + "_other;DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> System.getenv("TEST_PG_URL_B");
            case MARIADB -> System.getenv("TEST_MARIADB_URL_B");
        };
    }

    /** The direct database of an engine, as ConformanceTarget resolves it. */
    static String directDatabase(Engine engine, String h2Database) {
        return switch (engine) {
            case H2 -> "jdbc:h2:mem:" + h2Database + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> System.getenv("TEST_PG_URL_A");
            case MARIADB -> System.getenv("TEST_MARIADB_URL_A");
        };
    }

    static Map<String, String> properties(Engine engine, String suite) {
        return properties(engine, suite, "dual-write", otherDatabase(engine, suite));
    }

    /**
     * @param phase the phase
     * @param bUrl database B's URL
     */
    static Map<String, String> properties(Engine engine, String suite, String phase, String bUrl) {
        String user = engine == Engine.H2 ? "sa" : System.getenv(engine == Engine.POSTGRESQL ? "TEST_PG_USER" : "TEST_MARIADB_USER");
        String password = engine == Engine.H2 ? "" : System.getenv(engine == Engine.POSTGRESQL ? "TEST_PG_PASSWORD" : "TEST_MARIADB_PASSWORD");
        Path out = Path.of("target", "conformance", suite);
        return Map.of(
            "dualaccess.phase", phase,
            "dualaccess.b.url", bUrl == null ? "jdbc:unset:" + engine : bUrl,
            "dualaccess.b.user", user == null ? "" : user,
            "dualaccess.b.password", password == null ? "" : password,
            "dualaccess.mirror.ddl", "true",
            "dualaccess.log.file", out.resolve("comparisons.jsonl").toString(),
            "dualaccess.journal.file", out.resolve("journal.jsonl").toString());
    }
}
