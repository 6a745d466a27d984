package io.dualaccess.cli.report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code dualaccess report}: summarises comparison logs. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Summarise comparison logs (JSON lines, rotated and gzipped): by table and fingerprint, outcomes, latency.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOG", arity = "1..*",
        description = "Comparison log files, directories or globs (*.jsonl, *.jsonl.gz, rotated files).")
    List<String> inputs;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("report: not implemented yet");
    }
}
