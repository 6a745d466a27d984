package io.dualaccess.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report as one JSON document (the {@code --format json} output, and the data the HTML
 * report's charts read). Field names are documented in docs/cli.md.
 */
final class JsonReport {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonReport() {
    }

    /**
     * @param htmlSafe escape {@code <}, {@code >}, {@code &} and the JavaScript line separators, so
     *     the document can sit inside a {@code <script>} element whatever the log contains
     */
    static void write(Summary s, Writer out, boolean htmlSafe) throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (htmlSafe) {
            g.setCharacterEscapes(new HtmlSafeEscapes());
        } else {
            g.useDefaultPrettyPrinter();
        }
        g.writeStartObject();
        g.writeStringField("generated", s.generatedAt.toString());
        filters(g, s.filter);
        g.writeArrayFieldStart("inputs");
        for (Summary.Input in : s.inputs) {
            g.writeStartObject();
            g.writeStringField("file", in.file.toString());
            g.writeNumberField("bytes", in.bytes);
            g.writeNumberField("lines", in.lines);
            g.writeNumberField("events", in.events);
            g.writeNumberField("counted", in.counted);
            g.writeNumberField("malformed", in.malformed);
            g.writeStringField("error", in.error);
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("totals");
        g.writeNumberField("lines", s.lines);
        g.writeNumberField("events_read", s.events);
        g.writeNumberField("filtered_out", s.filteredOut);
        g.writeNumberField("malformed", s.malformed);
        g.writeObjectFieldStart("kinds");
        for (Map.Entry<String, long[]> k : s.kinds.entrySet()) {
            g.writeNumberField(k.getKey(), k.getValue()[0]);
        }
        g.writeEndObject();
        aggregate(g, s.totals);
        g.writeEndObject();

        g.writeObjectFieldStart("reads_compared");
        for (Map.Entry<String, ReadShare.Phase> p : s.readShare.byPhase.entrySet()) {
            g.writeObjectFieldStart(p.getKey());
            g.writeNumberField("reads", p.getValue().reads);
            g.writeNumberField("compared", p.getValue().compared);
            g.writeObjectFieldStart("not_compared");
            for (Map.Entry<String, Long> w : p.getValue().notCompared.entrySet()) {
                g.writeNumberField(w.getKey(), w.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();

        groups(g, "tables", "table", s.tables);
        groups(g, "fingerprints", "fingerprint", s.fingerprints);
        groups(g, "paths", "path", s.paths);

        g.writeObjectFieldStart("series");
        g.writeNumberField("bucket_seconds", s.series.widthMillis() / 1000);
        g.writeArrayFieldStart("points");
        for (Map.Entry<Long, Aggregate> b : s.series.buckets().entrySet()) {
            Aggregate a = b.getValue();
            g.writeStartObject();
            g.writeStringField("start", Instant.ofEpochMilli(b.getKey()).toString());
            g.writeNumberField("t", b.getKey() / 1000);
            g.writeNumberField("events", a.outcomes.total());
            g.writeNumberField("compared", a.outcomes.compared());
        g.writeNumberField("translated", a.translated);
            g.writeNumberField("mismatches", a.outcomes.mismatches());
            g.writeNumberField("problems", a.outcomes.problems());
            number(g, "mismatch_rate", a.outcomes.mismatchRate());
            number(g, "a_p50", a.a.percentileMillis(50));
            number(g, "a_p99", a.a.percentileMillis(99));
            number(g, "b_p50", a.b.percentileMillis(50));
            number(g, "b_p99", a.b.percentileMillis(99));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeArrayFieldStart("sync");
        for (Summary.Sync y : s.syncs.values()) {
            g.writeStartObject();
            g.writeStringField("name", y.name);
            g.writeStringField("ts", y.ts);
            g.writeStringField("state", y.state);
            g.writeStringField("position", y.position);
            number(g, "lag_ms", y.lag);
            number(g, "lag_max_ms", y.maxLag);
            number(g, "lag_p50_ms", y.p50);
            number(g, "lag_p99_ms", y.p99);
            number(g, "snapshot_rows", y.snapshotRows);
            number(g, "events", y.events);
            number(g, "transactions", y.transactions);
            number(g, "errors", y.errors);
            g.writeStringField("last_error", y.lastError);
            g.writeNumberField("samples", y.samples);
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("phase_changes");
        g.writeNumberField("count", s.phaseChangeCount);
        g.writeArrayFieldStart("changes");
        for (Summary.PhaseChange c : s.phaseChanges) {
            g.writeStartObject();
            g.writeStringField("ts", c.ts());
            g.writeNumberField("t", c.epochMillis() / 1000.0);
            g.writeStringField("scope", c.scope());
            g.writeStringField("table", c.table());
            g.writeStringField("from", c.from());
            g.writeStringField("to", c.to());
            g.writeStringField("actor", c.actor());
            g.writeStringField("source", c.source());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeObjectFieldStart("malformed");
        g.writeNumberField("count", s.malformed);
        g.writeArrayFieldStart("examples");
        for (Summary.Malformed m : s.malformedExamples) {
            g.writeStartObject();
            g.writeStringField("file", m.file().toString());
            g.writeNumberField("line", m.line());
            g.writeStringField("error", m.error());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
    }

    private static void filters(JsonGenerator g, EventFilter f) throws IOException {
        g.writeObjectFieldStart("filters");
        g.writeStringField("since", f.since == null ? null : f.since.toString());
        g.writeStringField("until", f.until == null ? null : f.until.toString());
        strings(g, "tables", f.tables);
        strings(g, "outcomes", f.outcomes);
        strings(g, "kinds", f.kinds);
        strings(g, "paths", f.pathPrefixes);
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void groups(JsonGenerator g, String name, String keyField, GroupTable table) throws IOException {
        g.writeArrayFieldStart(name);
        for (Map.Entry<String, Aggregate> e : table.ranked()) {
            g.writeStartObject();
            g.writeStringField(keyField, e.getKey());
            if (e.getValue().exampleSql != null) {
                g.writeStringField("sql", e.getValue().exampleSql);
            }
            if (e.getValue().exampleBSql != null) {
                g.writeStringField("b_sql", e.getValue().exampleBSql);
            }
            if (e.getValue().exampleASql != null) {
                g.writeStringField("a_sql", e.getValue().exampleASql);
            }
            g.writeBooleanField("exact", e.getValue().exact);
            aggregate(g, e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart(name + "_other");
        g.writeNumberField("groups", table.foldedGroups());
        g.writeBooleanField("groups_exact", table.foldedGroupsExact());
        aggregate(g, table.other());
        g.writeEndObject();
    }

    private static void aggregate(JsonGenerator g, Aggregate a) throws IOException {
        g.writeNumberField("events", a.outcomes.total());
        g.writeObjectFieldStart("outcomes");
        for (Map.Entry<String, Long> o : a.outcomes.asMap().entrySet()) {
            g.writeNumberField(o.getKey(), o.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("compared", a.outcomes.compared());
        g.writeNumberField("translated", a.translated);
        g.writeNumberField("problems", a.outcomes.problems());
        number(g, "mismatch_rate", a.outcomes.mismatchRate());
        g.writeStringField("first", a.outcomes.total() == 0 ? null : Instant.ofEpochMilli(a.firstMillis).toString());
        g.writeStringField("last", a.outcomes.total() == 0 ? null : Instant.ofEpochMilli(a.lastMillis).toString());
        g.writeObjectFieldStart("latency_ms");
        latency(g, "a", a.a);
        latency(g, "b", a.b);
        g.writeEndObject();
        problem(g, "latest_problem", a.latestProblem);
        problem(g, "latest_diff", a.latestDiff);
    }

    private static void latency(JsonGenerator g, String side, Latency l) throws IOException {
        g.writeObjectFieldStart(side);
        g.writeNumberField("count", l.count());
        number(g, "p50", l.percentileMillis(50));
        number(g, "p90", l.percentileMillis(90));
        number(g, "p99", l.percentileMillis(99));
        number(g, "max", l.maxMillis());
        number(g, "mean", l.meanMillis());
        g.writeEndObject();
    }

    private static void problem(JsonGenerator g, String name, Problem p) throws IOException {
        if (p == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("ts", p.ts());
        g.writeStringField("kind", p.kind());
        g.writeStringField("outcome", p.outcome());
        g.writeStringField("reason", p.reason());
        g.writeStringField("sql", p.sql());
        if (p.bSql() != null) {
            g.writeStringField("b_sql", p.bSql());
        }
        if (p.aSql() != null) {
            g.writeStringField("a_sql", p.aSql());
        }
        if (p.countField() != null) {
            g.writeStringField("count_field", p.countField());
        }
        nullableLong(g, "a_count", p.aCount());
        nullableLong(g, "b_count", p.bCount());
        g.writeStringField("a_error", p.aError());
        g.writeStringField("b_error", p.bError());
        if (p.requestPath() != null) {
            g.writeStringField("request_path", p.requestPath());
        }
        g.writeFieldName("diff");
        if (p.diffJson() == null) {
            g.writeNull();
        } else {
            // Re-read and copy rather than write raw, so the generator's escaping applies.
            try (JsonParser dp = JSON.createParser(p.diffJson())) {
                dp.nextToken();
                g.copyCurrentStructure(dp);
            }
        }
        g.writeEndObject();
    }

    private static void nullableLong(JsonGenerator g, String name, Long v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, Math.round(v * 1_000_000.0) / 1_000_000.0);
        }
    }

    /** Escapes what could end a script element or start markup, and U+2028/U+2029. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        HtmlSafeEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
