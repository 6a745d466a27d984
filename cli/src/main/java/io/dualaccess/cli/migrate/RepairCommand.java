package io.dualaccess.cli.migrate;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.keyset.TablePair;
import io.dualaccess.repair.Repair;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.translate.SchemaMapping;
import io.dualaccess.verify.Difference;
import io.dualaccess.verify.KeyFile;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dualaccess repair}: makes B equal to A for the keys of a key file or the tables of a divergence journal. */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Make B equal to A for given keys: insert what B lacks, update what differs, delete what A lacks.",
        "Keys come from a key file ('dualaccess verify --keys') or from the divergence journal, whose tables are",
        "verified and repaired. Each key is re-read first: one that agrees by now is left alone."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:B now agrees with A for the keys",
        "1:some rows could not be made equal",
        "2:could not run (bad usage, configuration, a database unreachable)",
    })
public final class RepairCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Databases db;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--keys", paramLabel = "FILE", required = true, description = "A key file written by 'dualaccess verify --keys'.")
        Path keys;

        @Option(names = "--from-journal", paramLabel = "FILE", required = true,
            description = "A divergence journal (dualaccess.journal.file): verify and repair every table it names.")
        Path journal;
    }

    @Option(names = "--dry-run", description = "Print what would be done, change nothing.")
    boolean dryRun;

    @Option(names = "--chunk-size", defaultValue = "1000", paramLabel = "ROWS",
        description = "With --from-journal: rows per compared chunk (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConnectionSource a = db.a();
            ConnectionSource b = db.b();
            NormalizationRules rules = NormalizationRules.of(db.config());
            SchemaMapping mapping = db.mapping();
            try (Repair repair = new Repair(a, b, rules, dryRun, out)) {
                if (source.keys != null) {
                    Map<String, TablePair> pairs = new HashMap<>();
                    try (Connection ca = a.open(); Connection cb = b.open()) {
                        List<Difference> diffs = KeyFile.read(source.keys,
                            table -> pair(pairs, ca, cb, table, mapping).a().identity());
                        for (Difference d : diffs) {
                            repair.accept(pairs.get(d.table()), d);
                        }
                        repair.flush();
                    }
                } else {
                    List<String> tables = Repair.journalTables(source.journal);
                    if (tables.isEmpty()) {
                        out.println("repair: the journal names no tables; nothing to do");
                        return 0;
                    }
                    out.println("repair: verifying the journal's tables: " + String.join(", ", tables));
                    VerifyReport report = Verify.builder(a, b).mapping(mapping).tables(tables).chunkSize(chunkSize).rules(rules).sink(repair)
                        .build().run();
                    out.print(report.text());
                }
                return summary(out, repair, dryRun);
            }
        } catch (Exception e) {
            return Failures.report(spec, e);
        } finally {
            out.flush();
        }
    }

    /**
     * Prints the counts and the rows repair could not make equal; the exit code is {@value #UNEQUAL}
     * when there are such rows (B holds them differently even after repair wrote A's values).
     */
    static int summary(PrintWriter out, Repair repair, boolean dryRun) {
        Repair.Counts c = repair.counts();
        out.printf("repair%s: %d inserted, %d updated, %d deleted on B, %d already equal%s%n",
            dryRun ? " (dry run, nothing written)" : "", c.inserted(), c.updated(), c.deleted(), c.unchanged(),
            repair.unequal().isEmpty() ? "" : ", " + repair.unequal().size() + " could not be made equal (listed above as 'unequal')");
        return repair.unequal().isEmpty() ? 0 : UNEQUAL;
    }

    /** Exit code when some rows could not be made equal. */
    static final int UNEQUAL = 1;

    private static TablePair pair(Map<String, TablePair> pairs, Connection a, Connection b, String table,
                                  SchemaMapping mapping) throws java.sql.SQLException {
        TablePair p = pairs.get(table);
        if (p == null) {
            p = TablePair.read(a, b, table, mapping);
            pairs.put(table, p);
        }
        return p;
    }
}
