package io.dualaccess.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.cli.DualAccessCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {

    static final String EVIL_SQL = "select '</script><script>window.__pwned=1</script>' from items";

    @TempDir
    Path dir;
    private Path log;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeLog() throws IOException {
        log = dir.resolve("known.jsonl");
        KnownLog.write(log);
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            w.write("{\"broken\n");
            TestLog.event().at(1000).outcome("mismatch").tables("<b>evil</b>").fingerprint(EVIL_SQL).sql(EVIL_SQL)
                .kind("read").diff(Map.of("value_a", "</script><img src=x onerror=alert(1)>", "value_b", "\u2028"))
                .write(w);
        }
    }

    private int run(String... args) {
        return DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /**
     * A read mismatch in phase {@code live} (B answers, A is the shadow), as the proxy writes it: every
     * format keeps A's value under A and B's under B.
     */
    @Test
    void aLiveMismatchShowsAsValueUnderAInEveryFormat() throws Exception {
        Path live = dir.resolve("live.jsonl");
        Map<String, Object> diff = new java.util.LinkedHashMap<>();
        diff.put("kind", "value");
        diff.put("rows_a", 3L);
        diff.put("rows_b", 3L);
        diff.put("row_a", 2L);
        diff.put("row_b", 2L);
        diff.put("key", Map.of("id", 2L));
        diff.put("column", "price");
        diff.put("value_a", new java.math.BigDecimal("27.75"));
        diff.put("value_b", new java.math.BigDecimal("27.7"));
        try (Writer w = Files.newBufferedWriter(live, StandardCharsets.UTF_8)) {
            io.dualaccess.events.EventLog.write(w, new io.dualaccess.events.ComparisonEvent(TestLog.BASE.toEpochMilli(),
                "read", "live", io.dualaccess.events.Outcome.MISMATCH, null, "select id, price from items order by id",
                "select id, price from items order by id", null, io.dualaccess.events.SideResult.read(3, 1_000_000, null),
                io.dualaccess.events.SideResult.read(3, 2_000_000, null), List.of("items"), null, List.of(), diff,
                (io.dualaccess.context.RequestContext) null));
        }
        assertThat(run("report", live.toString())).isZero();
        assertThat(out.toString()).contains("\"value_a\":27.75", "\"value_b\":27.7}", "\"key\":{\"id\":2}");
        out.getBuffer().setLength(0);
        assertThat(run("report", "-f", "json", live.toString())).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/tables/0/latest_diff/diff/value_a").decimalValue()).isEqualByComparingTo("27.75");
        assertThat(r.at("/tables/0/latest_diff/diff/value_b").decimalValue()).isEqualByComparingTo("27.7");
        Path html = dir.resolve("live.html");
        assertThat(run("report", "-f", "html", "-o", html.toString(), live.toString())).isZero();
        assertThat(Files.readString(html)).contains("&quot;value_a&quot;:27.75", "&quot;value_b&quot;:27.7");
    }

    @Test
    void textSummarisesTotalsTablesFingerprints() {
        assertThat(run("report", log.toString())).isZero();

        String text = out.toString();
        assertThat(text).contains("1001 events counted of 1001 read from 1 file");
        assertThat(text).contains("outcomes:      match 700, mismatch 101, b_error 100, skipped 100");
        assertThat(text).contains("mismatch rate: 12.609%");
        assertThat(text).contains("By table (3, ranked by problems then events)");
        assertThat(text).contains("  orders\n      500 events: match 300, mismatch 100, skipped 100; mismatch rate 25.000%");
        assertThat(text).contains("latest diff: mismatch at 2026-11-25T16:16:30Z: rows A=3 B=2");
        assertThat(text).contains("select * from t0 where id = ?");
        assertThat(text).contains("Malformed lines: 1 (not counted)").contains("known.jsonl:1001: invalid JSON");
        // the malformed line is reported on stderr too, and is not fatal
        assertThat(err.toString()).contains("1 malformed lines not counted");
    }

    /** An aggregated {@code dropped} event stands for {@code count} reads, in every total the report gives. */
    @Test
    void anAggregatedDropCountsEveryReadItStandsFor() throws IOException {
        Path reads = dir.resolve("dropped.jsonl");
        String log = TestLog.event().kind("read").outcome("match").line()
            + TestLog.event().kind("read").outcome("dropped").reason("queue_full").standsFor(1873).line();
        Files.writeString(reads, log);

        assertThat(run("report", "--format", "json", reads.toString())).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/reads_compared/shadow/reads").asLong()).isEqualTo(1874);
        assertThat(r.at("/reads_compared/shadow/compared").asLong()).isEqualTo(1);
        assertThat(r.at("/reads_compared/shadow/not_compared/dropped:queue_full").asLong()).isEqualTo(1873);
        assertThat(r.toString()).contains("\"dropped\":1873");
    }

    /** The share of reads compared, per phase, with what kept the others from being compared. */
    @Test
    void readsComparedPerPhase() throws IOException {
        Path reads = dir.resolve("reads.jsonl");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(TestLog.event().kind("read").outcome(i < 4 ? "match" : "mismatch").line());
        }
        for (int i = 0; i < 3; i++) {
            b.append(TestLog.event().kind("read").outcome("skipped").reason("in-transaction").line());
        }
        b.append(TestLog.event().kind("read").outcome("match").phase("live").line());
        b.append(TestLog.event().kind("read").outcome("dropped").reason("queue_full").phase("live").line());
        b.append(TestLog.event().kind("write").outcome("match").line());
        Files.writeString(reads, b.toString());

        assertThat(run("report", reads.toString())).isZero();
        assertThat(out.toString()).contains("reads compared in shadow: 6 of 9 (66.7%); not compared: skipped:in-transaction 3")
            .contains("reads compared in live: 1 of 2 (50.0%); not compared: dropped:queue_full 1");
        out.getBuffer().setLength(0);
        assertThat(run("report", "--format", "json", reads.toString())).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/reads_compared/shadow/reads").asLong()).isEqualTo(9);
        assertThat(r.at("/reads_compared/shadow/compared").asLong()).isEqualTo(6);
        assertThat(r.at("/reads_compared/shadow/not_compared/skipped:in-transaction").asLong()).isEqualTo(3);
    }

    @Test
    void textNeverPassesControlCharactersToTheTerminal() throws IOException {
        Path ctl = dir.resolve("ctl.jsonl");
        Files.writeString(ctl, TestLog.event().fingerprint("select \u001b[31mred\u001b[0m").outcome("mismatch").line());

        assertThat(run("report", ctl.toString())).isZero();

        assertThat(out.toString()).doesNotContain("\u001b").contains("select ?[31mred?[0m");
    }

    @Test
    void jsonHasTheSameNumbers() throws IOException {
        assertThat(run("report", "--format", "json", "--table", "orders", log.toString())).isZero();

        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/totals/events").asLong()).isEqualTo(500);
        assertThat(r.at("/totals/events_read").asLong()).isEqualTo(1001);
        assertThat(r.at("/totals/filtered_out").asLong()).isEqualTo(501);
        assertThat(r.at("/totals/malformed").asLong()).isEqualTo(1);
        assertThat(r.at("/totals/outcomes/mismatch").asLong()).isEqualTo(100);
        assertThat(r.at("/totals/mismatch_rate").asDouble()).isEqualTo(0.25);
        assertThat(r.at("/totals/latency_ms/a/count").asLong()).isEqualTo(500);
        assertThat(r.at("/filters/tables/0").asText()).isEqualTo("orders");
        assertThat(r.at("/tables")).hasSize(1);
        assertThat(r.at("/tables/0/table").asText()).isEqualTo("orders");
        assertThat(r.at("/tables/0/latest_diff/diff/value_a").asText()).isEqualTo("990");
        assertThat(r.at("/tables/0/latest_problem/outcome").asText()).isEqualTo("skipped");
        assertThat(r.at("/fingerprints")).hasSize(2);
        assertThat(r.at("/fingerprints_other/groups").asLong()).isZero();
        assertThat(r.at("/series/bucket_seconds").asLong()).isEqualTo(10);
        assertThat(r.at("/series/points")).hasSize(100);
        assertThat(r.at("/series/points/0/mismatch_rate").asDouble()).isEqualTo(0.25);
        assertThat(r.at("/malformed/examples/0/line").asLong()).isEqualTo(1001);
        // orders events are even i; paths /api/orders/i when i % 3 == 0, else /api/items/i: two templates, not 500 groups
        assertThat(r.at("/paths")).hasSize(2);
        assertThat(List.of(r.at("/paths/0/path").asText(), r.at("/paths/1/path").asText()))
            .containsExactlyInAnyOrder("/api/orders/{id}", "/api/items/{id}");
        assertThat(r.at("/paths/0/events").asLong() + r.at("/paths/1/events").asLong()).isEqualTo(500);
        assertThat(r.at("/paths_other/groups").asLong()).isZero();
    }

    @Test
    void topFoldsTheRestIntoOther() throws IOException {
        assertThat(run("report", "-f", "json", "--top", "1", log.toString())).isZero();

        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/fingerprints")).hasSize(1);
        assertThat(r.at("/fingerprints_other/groups").asLong()).isEqualTo(4);
        assertThat(r.at("/fingerprints/0/events").asLong() + r.at("/fingerprints_other/events").asLong()).isEqualTo(1001);
    }

    @Test
    void htmlIsOneSelfContainedFileAndEscapesTheLog() throws IOException {
        Path html = dir.resolve("out/report.html");
        assertThat(run("report", "--format=html", "-o", html.toString(), log.toString())).isZero();

        String page = Files.readString(html);
        assertThat(err.toString()).contains("wrote " + html);
        assertThat(page).startsWith("<!DOCTYPE html>");
        // no network: uPlot is inlined, nothing is loaded from elsewhere
        assertThat(page).contains("var uPlot=").doesNotContain("<script src").doesNotContain("<link");
        assertThat(page).contains("id=\"chart-mismatch\"").contains("id=\"chart-latency\"");
        // log data appears only escaped: as HTML text in the tables, as \\u003c in the JSON data
        assertThat(page).doesNotContain("<script>window.__pwned").doesNotContain("<b>evil</b>")
            .doesNotContain("<img src=x");
        assertThat(page).contains("&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;");
        assertThat(page).contains("\\u003C/script\\u003E\\u003Cscript\\u003Ewindow.__pwned=1");
        assertThat(page).contains("&lt;b&gt;evil&lt;/b&gt;");
        String data = page.substring(page.indexOf("<script id=\"report-data\" type=\"application/json\">"));
        data = data.substring(0, data.indexOf("</script>"));
        // a line separator ends a JavaScript string in older engines: escaped in the data block
        assertThat(data).doesNotContain("\u2028").contains("\\u2028");
        // exactly our three scripts (guard, uPlot, charts) plus the data block
        assertThat(page.split("<script", -1)).hasSize(5);
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheValue() {
        assertThat(run("report", "--since", "yesterday", log.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--since 'yesterday': expected an ISO-8601 time");

        assertThat(run("report", "--outcome", "mismatched", log.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--outcome 'mismatched': expected one of match, mismatch");

        assertThat(run("report", "--format", "pdf", log.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pdf");

        assertThat(run("report", "--top", "0", log.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--top 0: expected at least 1");

        assertThat(run("report")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'LOG'");
    }

    @Test
    void aLogThatDoesNotExistFailsWithItsName() {
        assertThat(run("report", dir.resolve("nope.jsonl").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no comparison log matches").contains("nope.jsonl");
    }

    @Test
    void anEmptySelectionStillReports() throws IOException {
        assertThat(run("report", "--since", "2030-01-01", log.toString())).isZero();
        assertThat(out.toString()).contains("0 events counted of 1001").contains("(no events)");

        out.getBuffer().setLength(0);
        assertThat(run("report", "-f", "html", "--since", "2030-01-01", log.toString())).isZero();
        assertThat(out.toString()).contains("no events");
    }
}
