package io.dualaccess.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dualaccess.DualAccessConfig;
import io.dualaccess.DualAccessDataSource;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package rules of proxy-core that hold today (issue 14, finding 9), so they stay kept: leaf
 * packages import nothing of ours, nothing imports upward into the online proxy, the online proxy
 * does not reach into the batch tools, and the leaf and batch packages are free of cycles.
 *
 * <p>Also: no cycles between the packages below the public root package, connections see the
 * runtime only through {@code jdbc.ConnectionRuntime}, the configuration parser returns a neutral
 * value, and {@code threads}, {@code source}, {@code param} are leaves. Not checkable here, and kept
 * by review: no inline fully-qualified class names in main code.
 */
class PackageRulesTest {

    /** The proxy that runs inside the application: above the leaf packages. */
    private static final String[] ONLINE = {"io.dualaccess.jdbc..", "io.dualaccess.mirror..", "io.dualaccess.shadow..",
        "io.dualaccess.route..", "io.dualaccess.runtime..", "io.dualaccess.events..", "io.dualaccess.journal.."};
    /** Tools that run beside it, on their own connections. */
    private static final String[] BATCH = {"io.dualaccess.backfill..", "io.dualaccess.verify..", "io.dualaccess.repair.."};
    /** Packages whose classes must not import the online proxy. */
    private static final String[] LOWER = {"io.dualaccess.threads..", "io.dualaccess.source..", "io.dualaccess.param..", "io.dualaccess.sql..", "io.dualaccess.compare..", "io.dualaccess.results..", "io.dualaccess.keyset..",
        "io.dualaccess.context..", "io.dualaccess.backfill..", "io.dualaccess.verify..", "io.dualaccess.repair.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.dualaccess");

    private static DescribedPredicate<JavaClass> oursOutside(String... pkgs) {
        return resideInAPackage("io.dualaccess..").and(DescribedPredicate.not(resideInAnyPackage(pkgs)));
    }

    @Test
    void leafPackagesImportNothingOfOurs() {
        noClasses().that().resideInAPackage("io.dualaccess.keyset..")
            .should().dependOnClassesThat(oursOutside("io.dualaccess.keyset..", "io.dualaccess.compare.."))
            .because("keyset is the shared model of keys and table shapes (backfill, verify, repair); it hashes"
                + " whole rows of tables without a key with the comparison's normaliser, and nothing else of ours")
            .check(MAIN);
        noClasses().that().resideInAnyPackage("io.dualaccess.threads..", "io.dualaccess.source..")
            .should().dependOnClassesThat(oursOutside("io.dualaccess.threads..", "io.dualaccess.source.."))
            .because("every thread dualaccess starts comes from threads.DaemonThreads and every connection is opened"
                + " through source.ConnectionSource, online proxy and batch tools alike: leaves, so nobody imports upward"
                + " to get them (issue 14, finding 9)")
            .check(MAIN);
        noClasses().that().resideInAPackage("io.dualaccess.param..")
            .should().dependOnClassesThat(resideInAPackage("io.dualaccess..").and(DescribedPredicate.not(resideInAPackage("io.dualaccess.param.."))))
            .because("the parameter model (setter calls captured as immutable snapshots) is shared by the wrappers, the"
                + " mirror, shadow reads, the journal and the events: a leaf (issue 14, finding 9)")
            .check(MAIN);
        noClasses().that().resideInAPackage("io.dualaccess.context..")
            .should().dependOnClassesThat(oursOutside("io.dualaccess.context.."))
            .because("the request context is set by the servlet filter and read everywhere")
            .check(MAIN);
    }

    @Test
    void nothingImportsUpwardIntoTheOnlineProxy() {
        noClasses().that().resideInAnyPackage(LOWER)
            // Known exceptions, to move into leaf packages: backfill masks vendor error text with
            // events.ErrorText (issue 16); repair reads the journal's file of open intents with
            // journal.DivergenceJournal (issue 13).
            .should().dependOnClassesThat(resideInAnyPackage(ONLINE)
                .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("ErrorText")))
                .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("DivergenceJournal"))))
            .because("classification, comparison and the batch tools must work without the JDBC proxy")
            .check(MAIN);
    }

    @Test
    void theComparisonReadsRowsNotResultSets() {
        noClasses().that().resideInAPackage("io.dualaccess.compare..")
            .should().dependOnClassesThat().areAssignableTo(ResultSet.class)
            .because("compare reads rows through compare.RowSource and compare.RowCursor, so it never holds a live"
                + " result, its statement, its connection or its LOBs; results.ResultRows adapts a ResultSet (issue 14,"
                + " finding 9)")
            .check(MAIN);
        noClasses().that().resideInAPackage("io.dualaccess.results..")
            .should().dependOnClassesThat(oursOutside("io.dualaccess.results..", "io.dualaccess.compare.."))
            .because("the adapter of JDBC results for the comparison uses the comparison and nothing else of ours")
            .check(MAIN);
    }

    @Test
    void theOnlineProxyDoesNotReachIntoTheBatchTools() {
        noClasses().that().resideInAnyPackage(ONLINE)
            .should().dependOnClassesThat(resideInAnyPackage(BATCH))
            .check(MAIN);
    }

    @Test
    void connectionsSeeTheRuntimeOnlyThroughTheirNarrowInterface() {
        noClasses().that().resideInAPackage("io.dualaccess.jdbc..")
            .should().dependOnClassesThat().resideInAPackage("io.dualaccess.runtime..")
            .because("the runtime makes connections and implements jdbc.ConnectionRuntime; a connection that knew the"
                + " runtime would close the cycle jdbc <-> runtime (issue 14, finding 9)")
            .check(MAIN);
    }

    @Test
    void theParserReturnsANeutralValueAndTheConfigurationBuildsItself() {
        noClasses().that().resideInAPackage("io.dualaccess.config..")
            .should().dependOnClassesThat(JavaClass.Predicates.equivalentTo(DualAccessConfig.class)
                .or(JavaClass.Predicates.equivalentTo(DualAccessDataSource.class)))
            .because("config parses into config.ParsedConfig and DualAccessConfig builds itself from it: no cycle"
                + " DualAccessConfig <-> ConfigParser, no public way to seal unvalidated values (issue 14, finding 9)")
            .check(MAIN);
    }

    @Test
    void thePackagesAreFreeOfCycles() {
        // The root package io.dualaccess is the public API (DualAccessDataSource, DualAccessConfig,
        // Phase, ...): like HikariCP's com.zaxxer.hikari it is used by the internals and uses them,
        // and is in no slice. Every package below it is in one, and no two of those form a cycle.
        slices().matching("io.dualaccess.(*)..").should().beFreeOfCycles()
            .because("issue 14, finding 9: jdbc <-> runtime, mirror <-> route, events <-> journal <-> mirror were cycles")
            .check(MAIN);
    }
}
