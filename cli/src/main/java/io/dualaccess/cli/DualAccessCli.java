package io.dualaccess.cli;

import io.dualaccess.cli.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The {@code dualaccess} command. Each subcommand is a picocli {@code @Command} class; they are
 * registered in {@link #commandLine()}, the one place to add a new one.
 *
 * <p>Exit codes, the same for every command: {@code 0} success (the sides agree), {@code 1} the
 * command ran and found differences, {@code 2} it could not run (bad usage, configuration, an
 * unreachable database, an unexpected error).
 */
@Command(name = "dualaccess",
    mixinStandardHelpOptions = true,
    versionProvider = DualAccessCli.Version.class,
    description = "Live database migrations behind a JDBC URL: tools for the comparison log and the two databases.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n")
public final class DualAccessCli implements Runnable {

    @Spec
    private CommandSpec spec;

    /**
     * The command line with every subcommand registered. Subcommands are listed here, in the
     * order {@code dualaccess --help} shows them.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DualAccessCli());
        cl.addSubcommand(new ReportCommand());
        io.dualaccess.cli.migrate.Subcommands.register(cl);
        cl.addSubcommand(new io.dualaccess.cli.sync.SyncCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        // `source <(dualaccess generate-completion)`: bash/zsh completion from these very commands
        cl.addSubcommand("generate-completion", new picocli.AutoComplete.GenerateCompletion());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // An exception no command caught means it could not run: one line, code 2, not picocli's 1.
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            commandLine.getErr().println("dualaccess " + commandLine.getCommandName() + ": " + message);
            commandLine.getErr().flush();
            return 2;
        });
        return cl;
    }

    /**
     * Runs the command with the given streams; returns the exit code (for tests and embedding).
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Entry point of the executable jar and {@code bin/dualaccess}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Without a subcommand: show the usage and fail, so a script never mistakes it for work done. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The project version, from the resource Maven filters at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dualaccess " + version(), "Java " + System.getProperty("java.version")};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = DualAccessCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version", "unknown");
        }
    }
}
