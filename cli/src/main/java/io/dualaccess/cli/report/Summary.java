package io.dualaccess.cli.report;

import io.dualaccess.context.PathTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's model: comparison logs streamed line by line into bounded aggregates (totals, by
 * table, by fingerprint, over time). Memory depends on the caps, never on the logs' size.
 */
final class Summary {

    /** Lines longer than this are malformed (their tail is skipped unread into memory). */
    static final int MAX_LINE_CHARS = 4 * 1024 * 1024;
    static final int MAX_MALFORMED_EXAMPLES = 20;
    /** The latest phase changes kept (a log may hold many table-level changes). */
    static final int MAX_PHASE_CHANGES = 200;
    private static final int MAX_KINDS = 16;

    /** How much the report keeps. */
    record Limits(int top, int maxPoints) {
        Limits {
            if (top < 1) {
                throw new IllegalArgumentException("--top " + top + ": expected at least 1");
            }
            if (maxPoints < 2) {
                throw new IllegalArgumentException("--points " + maxPoints + ": expected at least 2");
            }
        }
    }

    /** What was read from one file. */
    static final class Input {
        final Path file;
        long bytes;
        long lines;
        long events;
        long counted;
        long malformed;
        /** Why reading stopped early (a truncated gzip, an I/O error), or null. */
        String error;

        Input(Path file) {
            this.file = file;
        }
    }

    /** A phase change event ({@code kind} {@code phase}): context for the comparisons around it. */
    record PhaseChange(long epochMillis, String ts, String scope, String table, String from, String to, String actor,
                       String source) {
        static PhaseChange of(LogEvent e) {
            return new PhaseChange(e.epochMillis, e.ts, e.changeScope, e.changeTable != null ? e.changeTable
                : e.tables.isEmpty() ? null : e.tables.get(0), abbreviate(e.changeFrom != null ? e.changeFrom : e.sql),
                abbreviate(e.changeTo != null ? e.changeTo : e.phase), abbreviate(e.changeActor),
                abbreviate(e.changeSource));
        }

        private static String abbreviate(String s) {
            return EventParser.abbreviate(s, 500);
        }
    }

    /** A line that could not be read as an event. */
    record Malformed(Path file, long line, String error) {
    }

    final Limits limits;
    final EventFilter filter;
    final Instant generatedAt;
    final List<Input> inputs = new ArrayList<>();
    final Aggregate totals = new Aggregate(3);
    final Map<String, long[]> kinds = new LinkedHashMap<>();
    final GroupTable tables;
    final GroupTable fingerprints;
    /** By {@code request.path} template ({@code /products/{id}}): only events made while serving a request. */
    final GroupTable paths;
    final TimeSeries series;
    final List<Malformed> malformedExamples = new ArrayList<>();
    /** The latest {@value #MAX_PHASE_CHANGES} phase changes in the time window, by time. */
    final TreeSet<PhaseChange> phaseChanges = new TreeSet<>(
        Comparator.comparingLong(PhaseChange::epochMillis).thenComparing(PhaseChange::toString));
    long phaseChangeCount;
    /** The syncs from A's change log seen in the time window ({@code kind} {@code sync}), by name. */
    final Map<String, Sync> syncs = new java.util.TreeMap<>();
    /** Reads compared against all reads, per phase. */
    final ReadShare readShare = new ReadShare();
    long lines;
    long events;
    long filteredOut;
    long malformed;

    private final EventParser parser = new EventParser();
    private final LogEvent event = new LogEvent();

    Summary(Limits limits, EventFilter filter, Instant generatedAt) {
        this.limits = limits;
        this.filter = filter;
        this.generatedAt = generatedAt;
        this.tables = new GroupTable(Math.max(4 * limits.top(), 200), 2);
        this.fingerprints = new GroupTable(Math.max(4 * limits.top(), 200), 2);
        this.paths = new GroupTable(Math.max(4 * limits.top(), 200), 2);
        this.series = new TimeSeries(limits.maxPoints());
    }

    /** Reads every file in order; a file that fails part-way keeps what was read and says why. */
    void readAll(List<Path> files) {
        for (Path f : files) {
            read(f);
        }
        tables.fold(limits.top());
        fingerprints.fold(limits.top());
        paths.fold(limits.top());
    }

    void read(Path file) {
        Input input = new Input(file);
        inputs.add(input);
        try {
            input.bytes = Files.size(file);
        } catch (IOException e) {
            input.bytes = -1;
        }
        try (InputStream in = LogFiles.open(file);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                 .onMalformedInput(CodingErrorAction.REPLACE)
                 .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            LineReader lr = new LineReader(reader, MAX_LINE_CHARS);
            while (lr.next()) {
                input.lines++;
                lines++;
                if (isBlank(lr.chars(), lr.length())) {
                    continue;
                }
                if (lr.truncated()) {
                    malformed(input, "line longer than " + MAX_LINE_CHARS + " characters");
                    continue;
                }
                try {
                    parser.parse(lr.chars(), lr.length(), event);
                } catch (EventParser.MalformedLineException e) {
                    malformed(input, e.getMessage());
                    continue;
                }
                input.events++;
                events++;
                if (event.isSync()) {
                    sync(event);
                    continue;
                }
                if (event.isPhaseChange()) {
                    phaseChange(event);
                    continue;
                }
                if (!filter.test(event)) {
                    filteredOut++;
                    continue;
                }
                input.counted++;
                count(event);
            }
        } catch (IOException e) {
            input.error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /**
     * Phase changes are not comparisons: they are kept apart, as context, within the time window
     * and, with a table filter, when global or for a selected table; the other filters do not apply.
     */
    private void phaseChange(LogEvent e) {
        if (!filter.inWindow(e)) {
            return;
        }
        PhaseChange c = PhaseChange.of(e);
        if (c.table() != null && !filter.tableSelected(c.table())) {
            return;
        }
        phaseChangeCount++;
        phaseChanges.add(c);
        if (phaseChanges.size() > MAX_PHASE_CHANGES) {
            phaseChanges.pollFirst();
        }
    }

    /**
     * A sync's state over the time window: the latest of its {@code sync} events, and the highest
     * lag any of them showed.
     */
    static final class Sync {
        final String name;
        long samples;
        long firstMillis = Long.MAX_VALUE;
        long lastMillis = Long.MIN_VALUE;
        String ts;
        String state;
        String position;
        String lastError;
        double lag = Double.NaN;
        double maxLag = Double.NaN;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double events = Double.NaN;
        double transactions = Double.NaN;
        double errors = Double.NaN;
        double snapshotRows = Double.NaN;

        Sync(String name) {
            this.name = name;
        }
    }

    /** Sync states are not comparisons: kept apart, within the time window; the other filters do not apply. */
    private void sync(LogEvent e) {
        if (!filter.inWindow(e)) {
            return;
        }
        String name = e.syncName != null ? e.syncName : e.fingerprint != null ? e.fingerprint : "sync";
        Sync y = syncs.computeIfAbsent(name, Sync::new);
        y.samples++;
        y.firstMillis = Math.min(y.firstMillis, e.epochMillis);
        if (!Double.isNaN(e.syncLag) && e.syncLag >= 0 && (Double.isNaN(y.maxLag) || e.syncLag > y.maxLag)) {
            y.maxLag = e.syncLag;
        }
        if (e.epochMillis < y.lastMillis) {
            return;
        }
        y.lastMillis = e.epochMillis;
        y.ts = e.ts;
        y.state = e.syncState;
        y.position = e.syncPosition;
        y.lastError = e.syncLastError;
        y.lag = e.syncLag;
        y.p50 = e.syncP50;
        y.p99 = e.syncP99;
        y.events = e.syncEvents;
        y.transactions = e.syncTransactions;
        y.errors = e.syncErrors;
        y.snapshotRows = e.syncSnapshotRows;
    }

    private static boolean isBlank(char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private void malformed(Input input, String error) {
        input.malformed++;
        malformed++;
        if (malformedExamples.size() < MAX_MALFORMED_EXAMPLES) {
            malformedExamples.add(new Malformed(input.file, input.lines, error));
        }
    }

    /** Adds one event that passed the filter. */
    void count(LogEvent e) {
        totals.add(e);
        readShare.add(e);
        String kind = e.kind == null ? "(none)" : e.kind;
        long[] k = kinds.get(kind);
        if (k == null) {
            k = kinds.computeIfAbsent(kinds.size() < MAX_KINDS ? kind : OutcomeCounts.OTHER, x -> new long[1]);
        }
        k[0] += e.count;
        if (e.tables.isEmpty()) {
            tables.group("(none)").add(e);
        }
        for (String t : e.tables) {
            if (filter.tableSelected(t)) {
                tables.group(t).add(e);
            }
        }
        String fp = e.fingerprint == null ? "(none)" : e.fingerprint;
        Aggregate g = fingerprints.group(fp);
        g.add(e);
        if (e.sql != null) {
            g.exampleSql = EventParser.abbreviate(e.sql, Problem.MAX_TEXT);
        }
        if (e.b.sql != null) {
            g.exampleBSql = EventParser.abbreviate(e.b.sql, Problem.MAX_TEXT);
        }
        if (e.a.sql != null) {
            g.exampleASql = EventParser.abbreviate(e.a.sql, Problem.MAX_TEXT);
        }
        if (e.requestPath != null) {
            // By template: /products/17 and /products/18 are one row, /products/{id}.
            paths.group(PathTemplate.of(e.requestPath)).add(e);
        }
        series.add(e);
    }

    /** Counted events: those that passed the filter. */
    long counted() {
        return totals.outcomes.total();
    }
}
