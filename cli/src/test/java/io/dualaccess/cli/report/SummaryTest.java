package io.dualaccess.cli.report;

import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class SummaryTest {

    @TempDir
    Path dir;

    private Summary summarise(EventFilter filter, int top, Path... files) {
        Summary s = new Summary(new Summary.Limits(top, 200), filter, Instant.now());
        s.readAll(List.of(files));
        return s;
    }

    private Summary known() throws IOException {
        Path log = dir.resolve("known.jsonl");
        KnownLog.write(log);
        return summarise(EventFilter.none(), 50, log);
    }

    /**
     * Matches and skipped statements come as aggregates ({@code dualaccess.log.aggregate}), and a
     * busy log rolls over: the totals count statements across the current file and its rolled-over
     * ones (gzipped or not), and an aggregate's time is its statements' mean, once per statement.
     */
    @Test
    void aggregatesCountTheirStatementsAcrossRolledOverFiles() throws IOException {
        String match = "{\"ts\":\"2026-12-07T15:00:0%dZ\",\"kind\":\"write\",\"phase\":\"dual-write\",\"outcome\":\"match\","
            + "\"count\":%d,\"fingerprint\":\"insert into t values (?)\",\"sql\":\"insert into t values (?)\","
            + "\"a\":{\"count\":%d,\"ms\":%s,\"error\":null},\"b\":{\"count\":%d,\"ms\":%s,\"error\":null},"
            + "\"tables\":[\"t\"],\"tx\":null,\"nondeterministic\":false}%n";
        try (Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(dir.resolve("comparisons.jsonl.2.gz"))), StandardCharsets.UTF_8)) {
            w.write(String.format(java.util.Locale.ROOT, match, 1, 40, 40, "40.0", 40, "80.0"));
        }
        Files.writeString(dir.resolve("comparisons.jsonl.1"),
            "{\"ts\":\"2026-12-07T15:00:03Z\",\"kind\":\"read\",\"phase\":\"shadow\",\"outcome\":\"skipped\","
                + "\"reason\":\"in-transaction\",\"count\":7,\"fingerprint\":\"select 1\",\"sql\":\"select 1\","
                + "\"a\":{\"rows\":7,\"ms\":0.7,\"error\":null},\"b\":{\"rows\":-1,\"ms\":0.0,\"error\":null},"
                + "\"tables\":[],\"tx\":null,\"nondeterministic\":false}\n");
        Files.writeString(dir.resolve("comparisons.jsonl"), String.format(java.util.Locale.ROOT, match, 5, 2, 2, "2.0", 2, "4.0"));

        List<Path> files = LogFiles.resolve(List.of(dir.resolve("comparisons.jsonl*").toString()));
        assertThat(files).extracting(f -> f.getFileName().toString())
            .containsExactly("comparisons.jsonl.2.gz", "comparisons.jsonl.1", "comparisons.jsonl");
        Summary s = new Summary(new Summary.Limits(50, 200), EventFilter.none(), Instant.now());
        s.readAll(files);

        assertThat(s.totals.outcomes.asMap()).containsEntry("match", 42L).containsEntry("skipped", 7L);
        assertThat(s.counted()).isEqualTo(49);
        // Each matched write took 1 ms on A and 2 ms on B: 42 statements of the mean, not 2 events of the sums.
        assertThat(s.totals.b.count()).isEqualTo(42);
        assertThat(s.totals.b.percentileMillis(99)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.totals.a.count()).isEqualTo(49);
    }

    @Test
    void totalsCountEveryOutcome() throws IOException {
        Summary s = known();

        assertThat(s.events).isEqualTo(1000);
        assertThat(s.counted()).isEqualTo(1000);
        assertThat(s.malformed).isZero();
        assertThat(s.totals.outcomes.asMap())
            .containsExactly(Map.entry("match", 700L), Map.entry("mismatch", 100L), Map.entry("b_error", 100L),
                Map.entry("skipped", 100L));
        // 100 mismatches over 800 compared (match + mismatch): skipped and b_error did not compare
        assertThat(s.totals.outcomes.mismatchRate()).isEqualTo(0.125);
        assertThat(s.kinds).containsOnlyKeys("read", "write");
        assertThat(s.kinds.get("read")[0]).isEqualTo(100);
        assertThat(s.totals.firstMillis).isEqualTo(TestLog.BASE.toEpochMilli());
        assertThat(s.totals.lastMillis).isEqualTo(TestLog.BASE.plusSeconds(999).toEpochMilli());
    }

    @Test
    void latencyPercentilesOfBothSides() throws IOException {
        Summary s = known();

        // A: 1..1000 ms, every event
        assertThat(s.totals.a.count()).isEqualTo(1000);
        assertThat(s.totals.a.percentileMillis(50)).isCloseTo(500, withinPercentage(0.2));
        assertThat(s.totals.a.percentileMillis(99)).isCloseTo(990, withinPercentage(0.2));
        assertThat(s.totals.a.maxMillis()).isCloseTo(1000, withinPercentage(0.2));
        // B: 2 (i + 1) ms, except the 100 skipped events, where B did not run
        double[] b = IntStream.range(0, 1000).filter(i -> i % 10 != 2).mapToDouble(i -> 2.0 * (i + 1)).sorted().toArray();
        assertThat(s.totals.b.count()).isEqualTo(900);
        assertThat(s.totals.b.percentileMillis(50)).isCloseTo(nearestRank(b, 50), withinPercentage(0.2));
        assertThat(s.totals.b.percentileMillis(99)).isCloseTo(nearestRank(b, 99), withinPercentage(0.2));
    }

    private static double nearestRank(double[] sorted, double percentile) {
        return sorted[(int) Math.ceil(percentile / 100 * sorted.length) - 1];
    }

    @Test
    void byTableAndByFingerprint() throws IOException {
        Summary s = known();

        Map<String, Aggregate> tables = asMap(s.tables);
        assertThat(tables).containsOnlyKeys("orders", "items");
        // even i: i % 10 in {0, 2, 4, 6, 8}
        assertThat(tables.get("orders").outcomes.asMap())
            .containsExactly(Map.entry("match", 300L), Map.entry("mismatch", 100L), Map.entry("skipped", 100L));
        assertThat(tables.get("orders").outcomes.mismatchRate()).isEqualTo(0.25);
        assertThat(tables.get("items").outcomes.asMap())
            .containsExactly(Map.entry("match", 400L), Map.entry("b_error", 100L));
        assertThat(tables.get("items").outcomes.mismatchRate()).isZero();
        // ranked by problems: orders has 200, items 100
        assertThat(s.tables.ranked().get(0).getKey()).isEqualTo("orders");

        Map<String, Aggregate> fps = asMap(s.fingerprints);
        assertThat(fps).hasSize(4);
        Aggregate t0 = fps.get("select * from t0 where id = ?");
        // i % 4 == 0 and i % 10 == 0 <=> i % 20 == 0: 50 mismatches of 250 events
        assertThat(t0.outcomes.total()).isEqualTo(250);
        assertThat(t0.outcomes.get("mismatch")).isEqualTo(50);
        assertThat(t0.exampleSql).isEqualTo("select * from t0 where id = 996");
        assertThat(t0.exact).isTrue();
        assertThat(t0.a.percentileMillis(50)).isCloseTo(
            nearestRank(IntStream.range(0, 1000).filter(i -> i % 4 == 0).mapToDouble(i -> i + 1).toArray(), 50),
            withinPercentage(1));
    }

    @Test
    void byRequestPath() throws IOException {
        Path log = dir.resolve("paths.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            TestLog.event().at(0).path("/orders").write(w);
            TestLog.event().at(1).path("/orders").outcome("mismatch").write(w);
            TestLog.event().at(2).path("/items").write(w);
            TestLog.event().at(3).write(w);
        }
        Summary s = summarise(EventFilter.none(), 50, log);

        Map<String, Aggregate> paths = asMap(s.paths);
        // events outside a request have no path and are in no path group
        assertThat(paths).containsOnlyKeys("/orders", "/items");
        assertThat(paths.get("/orders").outcomes.asMap()).containsExactly(Map.entry("match", 1L), Map.entry("mismatch", 1L));
        assertThat(s.paths.ranked().get(0).getKey()).isEqualTo("/orders");
    }

    @Test
    void latestProblemAndLatestDiff() throws IOException {
        Summary s = known();

        Aggregate orders = asMap(s.tables).get("orders");
        // the last events of orders: 998 match, 996 match, 994 match, 992 skipped, 990 mismatch
        assertThat(orders.latestProblem.outcome()).isEqualTo("skipped");
        assertThat(orders.latestProblem.reason()).isEqualTo("breaker_open");
        assertThat(orders.latestProblem.ts()).isEqualTo(TestLog.BASE.plusSeconds(992).toString());
        assertThat(orders.latestDiff.outcome()).isEqualTo("mismatch");
        assertThat(orders.latestDiff.diffJson()).contains("\"value_a\":\"990\"");
        assertThat(orders.latestDiff.aCount()).isEqualTo(3);
        assertThat(orders.latestDiff.bCount()).isEqualTo(2);
        assertThat(orders.latestDiff.countField()).isEqualTo("rows");

        Aggregate items = asMap(s.tables).get("items");
        assertThat(items.latestProblem.outcome()).isEqualTo("b_error");
        assertThat(items.latestProblem.bError()).isEqualTo("relation \"items\" does not exist");
        assertThat(items.latestDiff).isNull();
    }

    @Test
    void timeSeriesBucketsAreSizedToThePointLimit() throws IOException {
        Summary s = known();

        // 1000 s at <= 200 points: 1 s and 2 s buckets are too many, 10 s buckets give 100
        assertThat(s.series.widthMillis()).isEqualTo(10_000);
        assertThat(s.series.buckets()).hasSize(100);
        for (Aggregate bucket : s.series.buckets().values()) {
            assertThat(bucket.outcomes.total()).isEqualTo(10);
            assertThat(bucket.outcomes.mismatchRate()).isEqualTo(0.125);
        }
        Aggregate first = s.series.buckets().firstEntry().getValue();
        assertThat(first.a.percentileMillis(50)).isCloseTo(5, within(0.1));
    }

    @Test
    void timeSeriesStaysWithinThePointLimitWhateverTheSpan() throws IOException {
        Path log = dir.resolve("span.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            // one event a minute for 30 days, then one out of order, a year earlier
            for (int m = 0; m < 30 * 24 * 60; m += 7) {
                TestLog.event().at(m * 60L).write(w);
            }
            TestLog.event().ts(TestLog.BASE.minusSeconds(365 * 86400L)).write(w);
        }
        Summary s = new Summary(new Summary.Limits(10, 50), EventFilter.none(), Instant.now());
        s.readAll(List.of(log));

        long span = s.series.buckets().lastKey() - s.series.buckets().firstKey();
        assertThat(span / s.series.widthMillis() + 1).isLessThanOrEqualTo(50);
        assertThat(s.series.buckets().values().stream().mapToLong(a -> a.outcomes.total()).sum())
            .isEqualTo(s.counted());
    }

    @Test
    void fingerprintsBeyondTheCapAreFoldedIntoOtherWithExactTotals() throws IOException {
        Path log = dir.resolve("many.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 5000; i++) {
                // 1000 distinct fingerprints, fingerprint k seen (k % 5) + 1 times per round
                int k = i % 1000;
                TestLog.event().at(i).fingerprint("select " + k).write(w);
            }
            // a rare fingerprint that mismatches must outrank the frequent matching ones
            TestLog.event().at(6000).fingerprint("update rare").outcome("mismatch").counts(1, 0).write(w);
        }
        Summary s = summarise(EventFilter.none(), 5, log);

        List<Map.Entry<String, Aggregate>> shown = s.fingerprints.ranked();
        assertThat(shown).hasSize(5);
        assertThat(shown.get(0).getKey()).isEqualTo("update rare");
        long shownEvents = shown.stream().mapToLong(e -> e.getValue().outcomes.total()).sum();
        assertThat(shownEvents + s.fingerprints.other().outcomes.total()).isEqualTo(5001);
        // each of the 1001 fingerprints is either shown whole or has events in "other"
        long exact = shown.stream().filter(e -> e.getValue().exact).count();
        assertThat(s.fingerprints.foldedGroups() + exact).isEqualTo(1001);
        assertThat(s.fingerprints.foldedGroupsExact()).isTrue();
        assertThat(s.fingerprints.other().outcomes.get("match")).isEqualTo(5000 - (shownEvents - 1));
    }

    @Test
    void readsWhatEventLogWrites() throws IOException {
        Path log = dir.resolve("eventlog.jsonl");
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("kind", "value");
        diff.put("column", "name");
        diff.put("value_a", "string(3)");
        diff.put("value_b", "string(4)");
        diff.put("only_in_a", List.of("r1", "r2"));
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            EventLog.write(w, new ComparisonEvent(TestLog.BASE.toEpochMilli(), "write", "dual-write", Outcome.MATCH, null,
                "insert into items values (?)", "insert into items values (1)", Arrays.asList("integer", null),
                new SideResult(1, 1_500_000, null), new SideResult(1, 2_500_000, null), List.of("items"), "1-1", List.of()));
            EventLog.write(w, new ComparisonEvent(TestLog.BASE.toEpochMilli() + 1000, "read", "shadow", Outcome.MISMATCH,
                null, "select name from items", "select name from items", null,
                SideResult.read(3, 4_000_000, null), SideResult.read(3, 5_000_000, null), List.of("items"), "1-2",
                List.of("now"), diff));
            EventLog.write(w, new ComparisonEvent(TestLog.BASE.toEpochMilli() + 2000, "write", "dual-write",
                Outcome.SKIPPED, "breaker_open", "delete from items", "delete from items", null,
                new SideResult(2, 1_000_000, null), SideResult.NOT_RUN, List.of("items"), "1-3", List.of()));
        }
        Summary s = summarise(EventFilter.none(), 50, log);

        assertThat(s.malformed).isZero();
        assertThat(s.totals.outcomes.asMap()).containsExactly(Map.entry("match", 1L), Map.entry("mismatch", 1L),
            Map.entry("skipped", 1L));
        assertThat(s.totals.a.count()).isEqualTo(3);
        // B did not run the skipped write: its 0 ms is not a latency
        assertThat(s.totals.b.count()).isEqualTo(2);
        assertThat(s.totals.b.maxMillis()).isCloseTo(5.0, withinPercentage(0.2));
        Aggregate items = asMap(s.tables).get("items");
        assertThat(items.latestProblem.outcome()).isEqualTo("skipped");
        assertThat(items.latestDiff.diffJson()).contains("\"only_in_a\":[\"r1\",\"r2\"]").contains("\"column\":\"name\"");
        assertThat(items.latestDiff.countField()).isEqualTo("rows");
    }

    /** A phase change as {@code DualAccessRuntime} logs it. */
    static void writePhaseChange(Writer w, long epochMillis, String table, String from, String to) throws IOException {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("scope", table == null ? "global" : "table");
        change.put("table", table);
        change.put("from", from);
        change.put("to", to);
        change.put("actor", "ops@example");
        change.put("source", "local");
        change.put("version", 3L);
        change.put("sequences", List.of());
        EventLog.write(w, new ComparisonEvent(epochMillis, "phase", to, Outcome.APPLIED, null, "phase",
            "phase " + from + " -> " + to, null, SideResult.NOT_RUN, SideResult.NOT_RUN,
            table == null ? List.of() : List.of(table), null, List.of(), null, change));
    }

    @Test
    void phaseChangesAreContextNotComparisons() throws IOException {
        Path log = dir.resolve("phases.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            TestLog.event().at(0).write(w);
            writePhaseChange(w, TestLog.BASE.plusSeconds(10).toEpochMilli(), null, "dual-write", "shadow");
            TestLog.event().at(20).outcome("mismatch").write(w);
            writePhaseChange(w, TestLog.BASE.plusSeconds(30).toEpochMilli(), "audit_log", "shadow", "shadow [audit_log: off]");
        }

        Summary s = summarise(EventFilter.none(), 50, log);
        assertThat(s.malformed).isZero();
        assertThat(s.counted()).isEqualTo(2);
        assertThat(s.totals.outcomes.asMap()).containsOnlyKeys("match", "mismatch");
        assertThat(s.phaseChangeCount).isEqualTo(2);
        assertThat(s.phaseChanges).extracting(Summary.PhaseChange::from, Summary.PhaseChange::to, Summary.PhaseChange::table)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("dual-write", "shadow", null),
                org.assertj.core.groups.Tuple.tuple("shadow", "shadow [audit_log: off]", "audit_log"));
        assertThat(s.phaseChanges.first().actor()).isEqualTo("ops@example");

        // with a table filter, table changes of other tables are left out; global ones stay
        Summary items = summarise(new EventFilter(null, null, List.of("items"), null, null, null), 50, log);
        assertThat(items.phaseChanges).extracting(Summary.PhaseChange::to).containsExactly("shadow");
        // the time window applies
        Summary late = summarise(new EventFilter(TestLog.BASE.plusSeconds(15), null, null, null, null, null), 50, log);
        assertThat(late.phaseChangeCount).isEqualTo(1);
    }

    @Test
    void malformedLinesAreCountedWithTheirPlaceAndSkipped() throws IOException {
        Path log = dir.resolve("bad.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            TestLog.event().at(0).write(w);
            w.write("this is not json\n");
            w.write("\n");
            w.write("{\"ts\":\"yesterday\",\"outcome\":\"match\"}\n");
            w.write("{\"ts\":\"2026-11-25T16:00:01Z\"}\n");
            w.write("{\"ts\":\"2026-11-25T16:00:01Z\",\"outcome\":\"match\",\"a\":{\"ms\":\n");
            w.write("[1,2,3]\n");
            TestLog.event().at(2).write(w);
            w.write("{\"ts\":\"2026-11-25T16:00:03Z\",\"outcome\":\"match\""); // no newline at the end
        }
        Summary s = summarise(EventFilter.none(), 50, log);

        assertThat(s.counted()).isEqualTo(2);
        assertThat(s.malformed).isEqualTo(6);
        assertThat(s.malformedExamples).extracting(Summary.Malformed::line).containsExactly(2L, 4L, 5L, 6L, 7L, 9L);
        assertThat(s.malformedExamples.get(0).error()).startsWith("invalid JSON");
        assertThat(s.malformedExamples.get(1).error()).contains("ts is not an ISO-8601 instant: yesterday");
        assertThat(s.malformedExamples.get(2).error()).isEqualTo("no outcome");
        assertThat(s.malformedExamples.get(4).error()).isEqualTo("not a JSON object");
        assertThat(s.inputs.get(0).lines).isEqualTo(9);
    }

    @Test
    void aLineLongerThanTheCapIsMalformedAndTheNextLineStillReads() throws IOException {
        Path log = dir.resolve("long.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            w.write("{\"ts\":\"2026-11-25T16:00:00Z\",\"outcome\":\"match\",\"sql\":\"");
            char[] chunk = new char[1 << 20];
            Arrays.fill(chunk, 'x');
            for (int i = 0; i < 5; i++) {
                w.write(chunk);
            }
            w.write("\"}\n");
            TestLog.event().at(1).write(w);
        }
        Summary s = summarise(EventFilter.none(), 50, log);

        assertThat(s.malformed).isEqualTo(1);
        assertThat(s.malformedExamples.get(0).error()).contains("longer than");
        assertThat(s.counted()).isEqualTo(1);
    }

    private static Map<String, Aggregate> asMap(GroupTable t) {
        Map<String, Aggregate> m = new LinkedHashMap<>();
        for (Map.Entry<String, Aggregate> e : t.ranked()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
