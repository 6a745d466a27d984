package io.dualaccess.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance run: {@code dualaccess report} on a comparison log of more than 1 GiB, in a child
 * JVM whose heap is 128 MiB, must finish and count every event. The log has 20,000 distinct
 * fingerprints over 200 tables and a week of timestamps, so the folding and the bucket widening
 * both work under load. Only with {@code -Pheavy}; prints the time and peak heap, also kept in
 * {@code target/heavy-report.txt}.
 */
class ReportHeavyTest {

    static final long TARGET_BYTES = 1L << 30;
    static final String HEAP = "-Xmx128m";

    @TempDir
    Path dir;

    @Test
    void aOneGigabyteLogIsSummarisedInA128MiBHeap() throws Exception {
        Path log = dir.resolve("comparisons.jsonl");
        long events = generate(log);
        long bytes = Files.size(log);
        assertThat(bytes).isGreaterThanOrEqualTo(TARGET_BYTES);
        Path json = dir.resolve("report.json");

        List<String> cmd = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
            "-Xlog:gc:file=" + dir.resolve("gc.log"),
            "-cp", System.getProperty("java.class.path"), HeavyReportMain.class.getName(),
            "report", "--format", "json", "-o", json.toString(), log.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.out").toFile()).start();
        boolean done = p.waitFor(20, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String childOut = Files.readString(dir.resolve("child.out"));
        assertThat(done).as("finished within 20 minutes").isTrue();
        assertThat(p.exitValue()).as(childOut).isZero();

        String line = childOut.lines().filter(l -> l.startsWith("heavy-report:")).findFirst().orElse("");
        // the heap after each collection bounds what the report really holds
        long maxAfterGc = 0;
        Matcher m = Pattern.compile("->(\\d+)M\\(").matcher(Files.readString(dir.resolve("gc.log")));
        while (m.find()) {
            maxAfterGc = Math.max(maxAfterGc, Long.parseLong(m.group(1)));
        }
        String summary = String.format("%s: %d events, %d bytes (%.2f GiB), %s, heap after GC at most %d MiB,"
            + " child JVM %s, %d cores%n", Instant.now(), events, bytes, bytes / (double) (1L << 30), line, maxAfterGc,
            HEAP, Runtime.getRuntime().availableProcessors());
        System.out.print(summary);
        Files.writeString(Paths.get("target", "heavy-report.txt"), summary);

        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.at("/totals/events").asLong()).isEqualTo(events);
        assertThat(r.at("/totals/malformed").asLong()).isZero();
        assertThat(r.at("/series/points").size()).isBetween(2, 200);
        assertThat(r.at("/fingerprints")).hasSize(50);
        long shown = 0;
        long exact = 0;
        for (JsonNode f : r.at("/fingerprints")) {
            shown += f.at("/events").asLong();
            exact += f.at("/exact").asBoolean() ? 1 : 0;
        }
        assertThat(shown + r.at("/fingerprints_other/events").asLong()).isEqualTo(events);
        // every one of the 20,000 fingerprints is either shown whole or has events in "other"
        assertThat(r.at("/fingerprints_other/groups_exact").asBoolean()).isTrue();
        assertThat(r.at("/fingerprints_other/groups").asLong() + exact).isEqualTo(20_000);
    }

    /** Writes events until the file passes 1 GiB; returns how many. Deterministic. */
    private static long generate(Path log) throws IOException {
        long n = 0;
        long bytes = 0;
        long base = Instant.parse("2026-11-18T00:00:00Z").toEpochMilli();
        StringBuilder sb = new StringBuilder(1024);
        try (BufferedWriter w = new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(log), StandardCharsets.UTF_8), 1 << 20)) {
            while (bytes < TARGET_BYTES) {
                sb.setLength(0);
                long h = n * 0x9E3779B97F4A7C15L;
                int fp = (int) Math.floorMod(h >>> 17, 20_000L);
                int table = fp % 200;
                int r = (int) Math.floorMod(h >>> 40, 1000L);
                String outcome = r < 900 ? "match" : r < 950 ? "mismatch" : r < 970 ? "b_error" : r < 990 ? "skipped" : "timeout";
                boolean read = fp % 3 != 0;
                long ts = base + n * 200; // a week over ~3 million events
                double aMs = 0.2 + (r % 97) * 0.137;
                double bMs = "skipped".equals(outcome) ? 0 : aMs * (1 + (r % 13) / 10.0);
                sb.append("{\"ts\":\"").append(Instant.ofEpochMilli(ts)).append("\",\"kind\":\"")
                    .append(read ? "read" : "write").append("\",\"phase\":\"shadow\",\"outcome\":\"").append(outcome)
                    .append('"');
                if ("skipped".equals(outcome)) {
                    sb.append(",\"reason\":\"breaker_open\"");
                }
                sb.append(",\"fingerprint\":\"select id, name, amount, created_at from t").append(table)
                    .append(" where customer_id = ? and status = ? and region = ").append(fp).append("\"")
                    .append(",\"sql\":\"select id, name, amount, created_at from t").append(table)
                    .append(" where customer_id = ").append(n % 100_000).append(" and status = 'open' and region = ")
                    .append(fp).append("\",\"a\":{\"").append(read ? "rows" : "count").append("\":").append(r % 7)
                    .append(",\"ms\":").append(String.format("%.3f", aMs)).append(",\"error\":null},\"b\":{\"")
                    .append(read ? "rows" : "count").append("\":").append("mismatch".equals(outcome) ? r % 5 : r % 7)
                    .append(",\"ms\":").append(String.format("%.3f", bMs)).append(",\"error\":")
                    .append("b_error".equals(outcome) ? "\"ERROR: relation does not exist\"" : "null")
                    .append("},\"tables\":[\"t").append(table).append("\"],\"tx\":\"").append(Long.toString(n, 36))
                    .append("-1\",\"nondeterministic\":false");
                if (read && "mismatch".equals(outcome)) {
                    sb.append(",\"diff\":{\"kind\":\"value\",\"ordered\":false,\"rows_a\":7,\"rows_b\":7,\"row_a\":3,")
                        .append("\"column\":\"amount\",\"value_a\":\"bigdecimal\",\"value_b\":\"bigdecimal\"}");
                }
                sb.append(",\"request\":{\"id\":\"").append(Long.toString(h >>> 1, 36)).append("\",\"method\":\"GET\",")
                    .append("\"path\":\"/api/t").append(table).append("/items\"}}\n");
                w.append(sb);
                bytes += sb.length();
                n++;
            }
        }
        return n;
    }
}
