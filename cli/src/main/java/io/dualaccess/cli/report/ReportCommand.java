package io.dualaccess.cli.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dualaccess report}: summarises comparison logs by table, by fingerprint and over time,
 * streaming them line by line in bounded memory. Reference: docs/cli.md.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Summarise comparison logs by table, fingerprint and time.",
        "Counts by outcome, mismatch rate, latency percentiles of A and B, the latest problem and diff;",
        "over time for the charts.",
        "Reads plain, rotated and gzipped JSON-lines logs, streaming (bounded memory).",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the report was written (malformed lines and unreadable files are reported, not fatal)",
        "2:could not run: bad usage, no log matched, or the report could not be written",
    })
public final class ReportCommand implements Callable<Integer> {

    /** The report's formats. */
    public enum Format { text, json, html }

    private static final Set<String> OUTCOMES =
        Set.of("match", "mismatch", "transient", "b_error", "timeout", "skipped", "dropped");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", arity = "1..*",
        description = "Comparison log files, directories (their *.jsonl* files) or quoted globs"
            + " ('logs/*.jsonl*'); gzip is recognised by content. Rotated files are read oldest first.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default), json or html (self-contained, charts, works offline).")
    Format format = Format.text;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--since", paramLabel = "TIME",
        description = "Only events at or after TIME: ISO-8601 (2026-11-25T16:00:00Z, 2026-11-25) or back from now (30m, 2h, 7d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events before TIME (same forms as --since).")
    String until;

    @Option(names = "--table", paramLabel = "TABLE", split = ",",
        description = "Only events touching TABLE (repeat or comma-separate for any of several); by-table shows only these.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--outcome", paramLabel = "OUTCOME", split = ",",
        description = "Only events with OUTCOME: match, mismatch, transient, b_error, timeout, skipped, dropped.")
    List<String> outcomes = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "Only events of KIND: read, write, commit.")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PREFIX",
        description = "Only events whose request path (request.path, set by the servlet filter) starts with PREFIX.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N", defaultValue = "50",
        description = "Tables and fingerprints shown (default ${DEFAULT-VALUE}); the rest are summed as 'other'.")
    int top = 50;

    @Option(names = "--points", paramLabel = "N", defaultValue = "200",
        description = "At most N time buckets in the charts (default ${DEFAULT-VALUE}); the bucket width follows.")
    int points = 200;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        EventFilter filter;
        Summary.Limits limits;
        try {
            Instant now = clock.instant();
            filter = new EventFilter(
                since == null ? null : EventFilter.parseTime("--since", since, now),
                until == null ? null : EventFilter.parseTime("--until", until, now),
                tables, outcomes, kinds, paths);
            for (String o : filter.outcomes) {
                if (!OUTCOMES.contains(o)) {
                    throw new IllegalArgumentException("--outcome '" + o + "': expected one of "
                        + "match, mismatch, transient, b_error, timeout, skipped, dropped");
                }
            }
            limits = new Summary.Limits(top, points);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage(), e);
        }

        List<Path> files;
        try {
            files = LogFiles.resolve(inputs);
        } catch (IllegalArgumentException e) {
            cl.getErr().println("dualaccess report: " + e.getMessage());
            return 2;
        }

        Summary summary = new Summary(limits, filter, clock.instant());
        summary.readAll(files);

        try {
            if (output == null) {
                PrintWriter out = cl.getOut();
                render(summary, out);
                out.flush();
            } else {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (Writer w = new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                    render(summary, w);
                }
            }
        } catch (IOException e) {
            cl.getErr().println("dualaccess report: cannot write " + (output == null ? "the report" : output) + ": " + e);
            return 2;
        }

        PrintWriter err = cl.getErr();
        for (Summary.Input in : summary.inputs) {
            if (in.error != null) {
                err.println("dualaccess report: warning: " + in.file + ": stopped after line " + in.lines + ": " + in.error);
            }
        }
        if (summary.malformed > 0) {
            err.printf(Locale.ROOT, "dualaccess report: warning: %d malformed lines not counted (first: %s:%d: %s)%n",
                summary.malformed, summary.malformedExamples.get(0).file(), summary.malformedExamples.get(0).line(),
                summary.malformedExamples.get(0).error());
        }
        if (output != null) {
            err.println("dualaccess report: wrote " + output);
        }
        err.flush();
        return 0;
    }

    private void render(Summary summary, Writer w) throws IOException {
        switch (format) {
            case json -> {
                JsonReport.write(summary, w, false);
                w.write(System.lineSeparator());
            }
            case html -> HtmlReport.write(summary, w);
            default -> TextReport.write(summary, w instanceof PrintWriter pw ? pw : new PrintWriter(w));
        }
        w.flush();
    }
}
