package io.dualaccess.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.cli.DualAccessCli;
import io.dualaccess.context.RequestContext;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kind: http} events (HTTP shadowing, written by the sidecar with the same {@link EventLog})
 * are read and counted by {@code dualaccess report} like any other kind: by kind, outcome and
 * fingerprint (method and route template), with their nested {@code http} object skipped.
 */
class HttpEventsReportTest {

    @TempDir
    Path dir;

    private static ComparisonEvent http(long at, Outcome outcome, String route, String path) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("route", route);
        http.put("method", "GET");
        http.put("status", Map.of("a", 200, "b", 200));
        http.put("diff", List.of(Map.of("path", "$.total", "a", new BigDecimal("12.50"), "b", "string(5)")));
        return new ComparisonEvent(1_800_000_000_000L + at, "http", "off", outcome, null, "GET " + route, "GET " + path, null,
            new SideResult(-1, 2_000_000, null), new SideResult(-1, 5_000_000, null), List.of(), null, List.of(), null, null,
            new RequestContext("r-" + at, "GET", path), http);
    }

    @Test
    void httpEventsAreCountedByKindOutcomeAndRoute() throws IOException {
        Path log = dir.resolve("http.jsonl");
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            EventLog.write(w, http(1, Outcome.MISMATCH, "/orders/{id}/summary", "/orders/1/summary"));
            EventLog.write(w, http(2, Outcome.MATCH, "/orders/{id}/summary", "/orders/2/summary"));
            EventLog.write(w, http(3, Outcome.TIMEOUT, "/products/*", "/products/9"));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DualAccessCli.run(new PrintWriter(out), new PrintWriter(err), "report", "--format", "json", log.toString());
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertThat(r.at("/totals/events").asLong()).isEqualTo(3);
        assertThat(r.at("/totals/malformed").asLong()).isZero();
        assertThat(r.at("/totals/outcomes/mismatch").asLong()).isEqualTo(1);
        assertThat(r.at("/totals/outcomes/timeout").asLong()).isEqualTo(1);
        assertThat(r.toString()).contains("\"http\"").contains("GET /orders/{id}/summary").contains("GET /products/*");
    }
}
