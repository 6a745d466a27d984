package io.dualaccess.cli.migrate;

import io.dualaccess.route.SequenceAlignment;
import io.dualaccess.source.ConnectionSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.concurrent.Callable;

/** {@code dualaccess align-sequences}: moves B's key generators past A's largest keys before B answers. */
@Command(name = "align-sequences", mixinStandardHelpOptions = true,
    description = {"Move B's key generators past the largest keys of A and B before B answers.",
        "Each table's sequence, identity or auto_increment on B is moved past the largest key on A and on B,",
        "so B's first own INSERT after the cut-over does not collide with a mirrored row."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every key generator was moved",
        "2:could not run (bad usage, configuration, a database unreachable)",
    })
public final class AlignSequencesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Databases db;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConnectionSource a = db.a();
            ConnectionSource b = db.b();
            try (Connection ca = a.open(); Connection cb = b.open()) {
                for (SequenceAlignment.Result r : SequenceAlignment.align(ca, cb, db.tables(a))) {
                    if (r.column() == null) {
                        out.println(r.table() + ": no generated key, nothing to align");
                    } else {
                        out.println(r.table() + "." + r.column() + ": largest key " + r.maxA() + ", B hands out " + r.next()
                            + " next");
                    }
                }
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(spec, e);
        } finally {
            out.flush();
        }
    }
}
