package io.dualaccess.cli.migrate;

import io.dualaccess.compare.NormalizationRules;
import io.dualaccess.repair.Repair;
import io.dualaccess.source.ConnectionSource;
import io.dualaccess.verify.KeyFile;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dualaccess verify}: compares tables A vs B, optionally repairing B. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Compare tables on A and B and report the rows that differ.",
        "Hashes chunks by primary key over rows normalised as shadow reads are, drills into differing chunks,",
        "re-reads differing rows, and reports keys missing in B, extra in B and changed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the tables agree (or --repair made them agree)",
        "1:they differ",
        "2:could not run (bad usage, configuration, a database unreachable)",
    })
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Databases db;

    @Option(names = "--chunk-size", defaultValue = "1000", paramLabel = "ROWS",
        description = "Rows per compared chunk (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE ('-' for stdout instead of text).")
    String json;

    @Option(names = "--keys", paramLabel = "FILE",
        description = "Write every differing key to FILE, one JSON line each (input for 'dualaccess repair --keys').")
    Path keys;

    @Option(names = "--list", defaultValue = "1000", paramLabel = "N",
        description = "Differences listed per table in the report; counts stay exact (default: ${DEFAULT-VALUE}).")
    int list;

    @Option(names = "--repair", description = "Make B equal to A for every differing key (insert, update, delete on B).")
    boolean repair;

    @Option(names = "--dry-run", description = "With --repair: print what would be done, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConnectionSource a = db.a();
            ConnectionSource b = db.b();
            NormalizationRules rules = NormalizationRules.of(db.config());
            Verify.Builder v = Verify.builder(a, b).mapping(db.mapping()).tables(db.tables(a)).chunkSize(chunkSize).rules(rules).listLimit(list);
            KeyFile keyFile = keys != null ? KeyFile.create(keys) : null;
            Repair repairer = repair ? new Repair(a, b, rules, dryRun, out) : null;
            VerifyReport report;
            try {
                if (keyFile != null) {
                    v.sink(keyFile);
                }
                if (repairer != null) {
                    v.sink(repairer);
                }
                report = v.build().run();
            } finally {
                if (keyFile != null) {
                    keyFile.close();
                }
                if (repairer != null) {
                    repairer.close();
                }
            }
            if ("-".equals(json)) {
                report.writeJson(out);
                out.println();
            } else {
                out.print(report.text());
                if (json != null) {
                    try (Writer w = Files.newBufferedWriter(Path.of(json), StandardCharsets.UTF_8)) {
                        report.writeJson(w);
                    }
                }
            }
            if (repairer != null) {
                return RepairCommand.summary(out, repairer, dryRun);
            }
            return report.equal() ? 0 : 1;
        } catch (Exception e) {
            return Failures.report(spec, e);
        } finally {
            out.flush();
        }
    }
}
