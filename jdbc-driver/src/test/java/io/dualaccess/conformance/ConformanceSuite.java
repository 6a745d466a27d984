package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The conformance suite for one engine: every {@link Scenarios scenario}, through every
 * {@link Access}, run directly and through dualaccess, and the two transcripts compared line for
 * line. A subclass picks the engine; a later suite for another phase overrides
 * {@link #dualaccessProperties()} and reuses everything else.
 *
 * <p>Each test also fails when the transcript is trivially empty or the scenario could not complete
 * on the direct run: that is a broken scenario, and a broken scenario proves nothing about the proxy.
 * Transcripts are written under {@code target/conformance/} for reading.
 */
abstract class ConformanceSuite {

    /** Directly-run transcripts shorter than this record nothing worth comparing. */
    private static final int MINIMUM_LINES = 5;
    private static final String ABORTED = "scenario aborted";
    private static final Path OUTPUT = Path.of("target", "conformance");

    /** The engine this suite runs on. */
    protected abstract Engine engine();

    /**
     * The {@code dualaccess.*} connection properties of the proxied side. Empty: the pass-through
     * phase {@code off}.
     */
    protected Map<String, String> dualaccessProperties() {
        return Map.of();
    }

    /**
     * Database A of the proxied URL, or null when it is the direct database (phases where A
     * answers). Phases where B answers name another database here and the direct one as B.
     */
    protected String proxiedAUrl() {
        return null;
    }

    /** The scenarios to run; all by default. */
    protected List<Scenario> scenarios() {
        return Scenarios.all();
    }

    /** Name of the in-memory H2 database: one per test class, shared by its direct and proxied runs. */
    protected String h2Database() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    @TestFactory
    Stream<DynamicNode> conformance() {
        List<DynamicNode> containers = new ArrayList<>();
        for (Access access : Access.values()) {
            ConformanceTarget target;
            try {
                ConformanceTarget resolved = ConformanceTarget.resolve(engine(), access, h2Database(), dualaccessProperties());
                target = proxiedAUrl() != null ? resolved.withProxiedA(proxiedAUrl()) : resolved;
            } catch (TestAbortedException unavailable) {
                // Thrown from the factory itself, a skip does not show in Surefire's counts: one
                // skipped test per access, carrying the reason, does. (On CI, resolve fails instead.)
                containers.add(dynamicTest(engine().displayName() + " via " + access + " not available", () -> {
                    throw unavailable;
                }));
                continue;
            }
            List<DynamicNode> tests = new ArrayList<>();
            for (Scenario scenario : scenarios()) {
                if (!scenario.runsThrough(access)) {
                    continue;
                }
                String suite = getClass().getSimpleName();
                tests.add(dynamicTest(scenario.name(), () -> verify(suite, target, scenario)));
            }
            containers.add(dynamicContainer(target.toString(), tests));
        }
        return containers.stream();
    }

    /**
     * Runs one scenario both ways on one target and asserts the transcripts are identical. They are
     * written to {@code target/conformance/<suite>/<access>/<scenario>.{direct,proxied}.txt}.
     */
    static void verify(String suite, ConformanceTarget base, Scenario scenario) throws IOException {
        Transcript direct;
        Transcript proxied;
        try (ConformanceTarget target = base.withConnectionProperties(scenario.connectionProperties(base.engine()))) {
            direct = run(target, Transcript.Side.DIRECT, scenario);
            proxied = run(target, Transcript.Side.PROXIED, scenario);
        }
        String where = base + ", scenario " + scenario.name();
        Path file = OUTPUT.resolve(suite).resolve(base.access().name().toLowerCase(Locale.ROOT)).resolve(scenario.name());
        Path directFile = write(file, "direct", direct.lines());
        Path proxiedFile = write(file, "proxied", proxied.lines());
        assertAll(where,
            () -> assertMeaningful(where, direct, directFile),
            () -> assertSameTranscript(where, direct.lines(), proxied.lines(), directFile, proxiedFile),
            () -> {
                if (!proxied.wrapperFailures().isEmpty()) {
                    throw new AssertionFailedError(where + ": dualaccess wrapping is wrong:\n  "
                        + String.join("\n  ", proxied.wrapperFailures()));
                }
            });
    }

    /** One run: a connection from the side, the scenario, the connection closed. */
    static Transcript run(ConformanceTarget target, Transcript.Side side, Scenario scenario) {
        Transcript t = new Transcript(target.engine(), target.access(), side);
        Connection c;
        try {
            c = side == Transcript.Side.DIRECT ? target.direct() : target.proxied();
        } catch (SQLException | RuntimeException e) {
            t.error("connect", e);
            return t;
        }
        t.wrapperCheck("the Connection is a dualaccess Connection",
            () -> Wrappers.assertOurs(c, Connection.class));
        try {
            scenario.body().run(c, t);
        } catch (Exception e) {
            t.error(ABORTED, e);
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                t.error("close", e);
            }
        }
        return t;
    }

    private static void assertMeaningful(String where, Transcript direct, Path file) {
        List<String> lines = direct.lines();
        for (String line : lines) {
            if (line.startsWith(ABORTED)) {
                throw new AssertionFailedError(where + ": the scenario did not complete on the direct run, so it is"
                    + " broken, not dualaccess (see " + file + "): " + line);
            }
        }
        long observations = lines.stream().filter(l -> !l.startsWith("#") && !l.contains(" ! ")).count();
        if (lines.size() < MINIMUM_LINES || observations == 0) {
            throw new AssertionFailedError(where + ": the transcript is trivially empty (" + lines.size()
                + " lines, " + observations + " without an exception): " + lines);
        }
    }

    /** Equal line for line, or a failure that shows where they part, with context. */
    private static void assertSameTranscript(String where, List<String> direct, List<String> proxied,
                                             Path directFile, Path proxiedFile) {
        if (direct.equals(proxied)) {
            return;
        }
        int first = 0;
        while (first < direct.size() && first < proxied.size() && direct.get(first).equals(proxied.get(first))) {
            first++;
        }
        StringBuilder sb = new StringBuilder(where)
            .append(": what the application observes through dualaccess differs from the direct connection, first at line ")
            .append(first + 1).append(" (direct ").append(direct.size()).append(" lines, proxied ")
            .append(proxied.size()).append(")\n");
        for (int i = Math.max(0, first - 3); i < first; i++) {
            sb.append("    ").append(direct.get(i)).append('\n');
        }
        for (int i = first; i < Math.min(direct.size(), first + 4); i++) {
            sb.append("  - direct:  ").append(direct.get(i)).append('\n');
        }
        for (int i = first; i < Math.min(proxied.size(), first + 4); i++) {
            sb.append("  + proxied: ").append(proxied.get(i)).append('\n');
        }
        long differing = 0;
        for (int i = 0; i < Math.max(direct.size(), proxied.size()); i++) {
            String d = i < direct.size() ? direct.get(i) : null;
            String p = i < proxied.size() ? proxied.get(i) : null;
            if (d == null || !d.equals(p)) {
                differing++;
            }
        }
        sb.append("  (").append(differing).append(" differing lines; full transcripts: ").append(directFile)
            .append(" and ").append(proxiedFile).append(")");
        throw new AssertionFailedError(sb.toString(), String.join("\n", direct), String.join("\n", proxied));
    }

    private static Path write(Path base, String side, List<String> lines) throws IOException {
        Path file = base.resolveSibling(base.getFileName() + "." + side + ".txt");
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
        return file;
    }
}
