package io.dualaccess.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class DualAccessCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void versionNamesTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("dualaccess 0.").doesNotContain("${");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: dualaccess").contains("report");
    }

    @Test
    void everyCommandHasAWholeOneLineSummary() {
        assertThat(run("--help")).isZero();
        String help = out.toString();
        // the command list shows each command's first description line: a sentence, not a fragment
        for (String command : java.util.List.of("report", "backfill", "verify", "repair", "align-sequences")) {
            String line = help.lines().filter(l -> l.trim().startsWith(command + " ")).findFirst().orElseThrow();
            String next = help.lines().dropWhile(l -> !l.equals(line)).skip(1).findFirst().orElse("");
            String summary = (line.trim() + (next.startsWith("      ") && !next.trim().isEmpty() ? " " + next.trim() : ""));
            assertThat(summary).as(command).endsWith(".");
        }
    }

    @Test
    void everyCommandListsTheSameExitCodes() {
        for (String command : java.util.List.of("report", "backfill", "verify", "repair", "align-sequences")) {
            StringWriter o = new StringWriter();
            assertThat(DualAccessCli.run(new PrintWriter(o), new PrintWriter(new StringWriter()), "help", command)).isZero();
            assertThat(o.toString()).as(command).contains("Exit codes:").containsPattern("\\s0\\s").containsPattern("\\s2\\s+could not run");
        }
    }

    @Test
    void anUnexpectedFailureIsCouldNotRun() {
        // a verify whose B cannot even be named: the command cannot run
        assertThat(run("verify", "-c", "/nonexistent/dualaccess.properties")).isEqualTo(2);
        assertThat(err.toString()).startsWith("dualaccess verify: ").doesNotContain("verify: dualaccess:");
    }

    @Test
    void shellCompletionCoversTheCommands() {
        assertThat(run("generate-completion")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("backfill").contains("align-sequences");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand").contains("report");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }
}
