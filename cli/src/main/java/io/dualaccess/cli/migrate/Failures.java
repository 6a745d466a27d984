package io.dualaccess.cli.migrate;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/** How the database subcommands end on an error: one line naming the command and the cause, exit code 1. */
final class Failures {

    private Failures() {
    }

    static int report(CommandSpec spec, Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        err.println("dualaccess " + spec.name() + ": " + message);
        for (Throwable s : e.getSuppressed()) {
            err.println("  also: " + s.getMessage());
        }
        err.flush();
        return 1;
    }
}
