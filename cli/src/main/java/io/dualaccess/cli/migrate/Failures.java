package io.dualaccess.cli.migrate;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/**
 * How the database subcommands end when they could not run: one line naming the command and the
 * cause, exit code {@value #COULD_NOT_RUN}.
 */
final class Failures {

    private Failures() {
    }

    /** Exit code of a command that could not run, as for bad usage (picocli's 2). */
    static final int COULD_NOT_RUN = 2;

    static int report(CommandSpec spec, Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        // Configuration errors already say "dualaccess: …"; the command's own prefix says it once.
        if (message.startsWith("dualaccess: ")) {
            message = message.substring("dualaccess: ".length());
        }
        err.println("dualaccess " + spec.name() + ": " + message);
        for (Throwable s : e.getSuppressed()) {
            err.println("  also: " + s.getMessage());
        }
        err.flush();
        return COULD_NOT_RUN;
    }
}
