package io.dualaccess.cli.migrate;

import picocli.CommandLine;

/** The database subcommands, in the order a migration uses them. */
public final class Subcommands {

    private Subcommands() {
    }

    /** Adds {@code backfill}, {@code verify}, {@code repair} and {@code align-sequences}. */
    public static void register(CommandLine cl) {
        cl.addSubcommand(new BackfillCommand());
        cl.addSubcommand(new VerifyCommand());
        cl.addSubcommand(new RepairCommand());
        cl.addSubcommand(new AlignSequencesCommand());
    }
}
