package io.dualaccess.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Comparison-log lines for tests, in the format {@code EventLog} writes (docs/comparison-log.md)
 * plus the {@code request} object the servlet filter adds.
 */
final class TestLog {

    static final Instant BASE = Instant.parse("2026-11-25T16:00:00Z");
    private static final JsonFactory JSON = new JsonFactory();

    private TestLog() {
    }

    static Event event() {
        return new Event();
    }

    /** One event; fields default to a matching write on table {@code items}. */
    static final class Event {
        Instant ts = BASE;
        String kind = "write";
        String outcome = "match";
        String reason;
        String phase = "shadow";
        String fingerprint = "insert into items values (?)";
        String sql = "insert into items values (?)";
        List<String> tables = new ArrayList<>(List.of("items"));
        double aMs = 1.0;
        double bMs = 1.0;
        long aCount = 1;
        long bCount = 1;
        String bError;
        Map<String, Object> diff;
        String requestPath;
        /** Top-level {@code count} of an aggregated event; 0 leaves it out. */
        long standsFor;

        Event ts(Instant v) {
            ts = v;
            return this;
        }

        Event at(long secondsAfterBase) {
            ts = BASE.plusSeconds(secondsAfterBase);
            return this;
        }

        Event kind(String v) {
            kind = v;
            return this;
        }

        Event outcome(String v) {
            outcome = v;
            return this;
        }

        Event phase(String v) {
            phase = v;
            return this;
        }

        Event reason(String v) {
            reason = v;
            return this;
        }

        Event fingerprint(String v) {
            fingerprint = v;
            return this;
        }

        Event sql(String v) {
            sql = v;
            return this;
        }

        Event tables(String... v) {
            tables = new ArrayList<>(List.of(v));
            return this;
        }

        Event ms(double a, double b) {
            aMs = a;
            bMs = b;
            return this;
        }

        Event counts(long a, long b) {
            aCount = a;
            bCount = b;
            return this;
        }

        Event bError(String v) {
            bError = v;
            return this;
        }

        Event diff(Map<String, Object> v) {
            diff = v;
            return this;
        }

        Event standsFor(long n) {
            standsFor = n;
            return this;
        }

        Event path(String v) {
            requestPath = v;
            return this;
        }

        String line() {
            StringWriter w = new StringWriter();
            write(w);
            return w.toString();
        }

        void write(Writer out) {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeStringField("ts", ts.toString());
                g.writeStringField("kind", kind);
                g.writeStringField("phase", phase);
                g.writeStringField("outcome", outcome);
                if (reason != null) {
                    g.writeStringField("reason", reason);
                }
                if (standsFor > 0) {
                    g.writeNumberField("count", standsFor);
                }
                g.writeStringField("fingerprint", fingerprint);
                g.writeStringField("sql", sql);
                String countField = "read".equals(kind) ? "rows" : "count";
                g.writeObjectFieldStart("a");
                g.writeNumberField(countField, aCount);
                g.writeNumberField("ms", aMs);
                g.writeNullField("error");
                g.writeEndObject();
                g.writeObjectFieldStart("b");
                g.writeNumberField(countField, bCount);
                g.writeNumberField("ms", bMs);
                g.writeStringField("error", bError);
                g.writeEndObject();
                g.writeArrayFieldStart("tables");
                for (String t : tables) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeStringField("tx", "1-1");
                g.writeBooleanField("nondeterministic", false);
                if (diff != null) {
                    g.writeObjectFieldStart("diff");
                    for (Map.Entry<String, Object> d : diff.entrySet()) {
                        g.writeFieldName(d.getKey());
                        if (d.getValue() instanceof Number n) {
                            g.writeNumber(n.longValue());
                        } else if (d.getValue() == null) {
                            g.writeNull();
                        } else {
                            g.writeString(String.valueOf(d.getValue()));
                        }
                    }
                    g.writeEndObject();
                }
                if (requestPath != null) {
                    g.writeObjectFieldStart("request");
                    g.writeStringField("id", "req-1");
                    g.writeStringField("method", "GET");
                    g.writeStringField("path", requestPath);
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.flush();
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
