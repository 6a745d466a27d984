package io.dualaccess.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dualaccess.keyset.Keys;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of a verify run: per table counts and the first differences, as text for a
 * terminal and as JSON for tools ({@code docs/verify.md} describes both).
 *
 * @param tables per table, in the order verified
 * @param rules the normalisation rules in force, as reports name them
 * @param elapsed wall time
 */
public record VerifyReport(List<TableReport> tables, List<String> rules, Duration elapsed) {

    private static final JsonFactory JSON = new JsonFactory();

    public VerifyReport {
        tables = List.copyOf(tables);
        rules = List.copyOf(rules);
    }

    /** Whether every table agrees (transient differences do not count). */
    public boolean equal() {
        return tables.stream().allMatch(t -> t.differences() == 0);
    }

    /** Confirmed differences, every table. */
    public long differences() {
        return tables.stream().mapToLong(TableReport::differences).sum();
    }

    /** The report for a terminal. */
    public String text() {
        StringBuilder s = new StringBuilder();
        for (TableReport t : tables) {
            // The walk is named when it is not the usual primary key.
            boolean usual = t.walk() == null || t.walk().startsWith("primary key");
            s.append(t.table()).append(usual ? "" : " (by " + t.walk() + ")").append(": A ").append(t.rowsA()).append(" rows, B ").append(t.rowsB()).append(" rows, ")
                .append(t.chunks()).append(" chunks (").append(t.chunksDiffering()).append(" differing): ")
                .append(t.missing()).append(" missing in B, ").append(t.extra()).append(" extra in B, ")
                .append(t.changed()).append(" changed, ").append(t.transients()).append(" transient\n");
            if (!t.extraColumnsOnB().isEmpty()) {
                s.append("  not compared (B only): ").append(String.join(", ", t.extraColumnsOnB())).append('\n');
            }
            for (Difference d : t.listed()) {
                s.append("  ").append(String.format("%-8s", d.kind().value())).append(' ').append(Keys.encode(d.key()));
                if (!d.columns().isEmpty()) {
                    s.append(" columns: ").append(String.join(", ", d.columns()));
                }
                s.append('\n');
            }
            if (t.truncated()) {
                s.append("  ... ").append(t.differences() - t.listed().size()).append(" more (write them all with --keys)\n");
            }
        }
        s.append(equal() ? "equal" : differences() + " difference(s)").append(" in ").append(tables.size())
            .append(" table(s), ").append(elapsed.toMillis()).append(" ms; rules: ").append(String.join(", ", rules))
            .append('\n');
        return s.toString();
    }

    /** Writes the report as one JSON document. */
    public void writeJson(Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeBooleanField("equal", equal());
            g.writeNumberField("differences", differences());
            g.writeNumberField("elapsed_ms", elapsed.toMillis());
            g.writeArrayFieldStart("rules");
            for (String r : rules) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tables");
            for (TableReport t : tables) {
                g.writeStartObject();
                g.writeStringField("table", t.table());
                g.writeStringField("walk", t.walk());
                g.writeNumberField("rows_a", t.rowsA());
                g.writeNumberField("rows_b", t.rowsB());
                g.writeNumberField("chunks", t.chunks());
                g.writeNumberField("chunks_differing", t.chunksDiffering());
                g.writeNumberField("missing", t.missing());
                g.writeNumberField("extra", t.extra());
                g.writeNumberField("changed", t.changed());
                g.writeNumberField("transient", t.transients());
                g.writeArrayFieldStart("not_compared_b_only");
                for (String c : t.extraColumnsOnB()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("differences");
                for (Difference d : t.listed()) {
                    writeDifference(g, d, false);
                }
                g.writeEndArray();
                g.writeBooleanField("differences_truncated", t.truncated());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** One difference as a JSON object ({@code withTable}: as a line of a key file). */
    static void writeDifference(JsonGenerator g, Difference d, boolean withTable) throws IOException {
        g.writeStartObject();
        if (withTable) {
            g.writeStringField("table", d.table());
        }
        g.writeStringField("kind", d.kind().value());
        g.writeFieldName("key");
        Keys.write(g, d.key());
        if (!d.columns().isEmpty()) {
            g.writeArrayFieldStart("columns");
            for (String c : d.columns()) {
                g.writeString(c);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
