package io.dualaccess.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses one comparison-log line (format: docs/comparison-log.md) with jackson's streaming
 * parser into a reused {@link LogEvent}. Unknown fields are skipped, so logs from newer versions
 * still read.
 */
final class EventParser {

    /** Diffs larger than this (re-serialised) are replaced by a note: they are kept per group. */
    static final int MAX_DIFF_CHARS = 16 * 1024;

    private final JsonFactory json;

    EventParser() {
        this.json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    }

    /**
     * Fills {@code into} from the line.
     *
     * @throws MalformedLineException when the line is not a JSON object with a valid {@code ts}
     *     and an {@code outcome}
     */
    void parse(char[] chars, int length, LogEvent into) throws MalformedLineException {
        into.clear();
        try (JsonParser p = json.createParser(chars, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "ts" -> into.ts = text(p, value);
                    case "kind" -> into.kind = text(p, value);
                    case "phase" -> into.phase = text(p, value);
                    case "outcome" -> into.outcome = text(p, value);
                    case "reason" -> into.reason = text(p, value);
                    case "fingerprint" -> into.fingerprint = text(p, value);
                    case "sql" -> into.sql = text(p, value);
                    case "translated" -> into.translated = value == JsonToken.VALUE_TRUE;
                    case "count" -> into.count = value == JsonToken.VALUE_NUMBER_INT ? Math.max(1, p.getLongValue()) : 1;
                    case "tables" -> tables(p, value, into);
                    case "a" -> side(p, value, into.a);
                    case "b" -> side(p, value, into.b);
                    case "diff" -> into.diffJson = copy(p, value);
                    case "request" -> request(p, value, into);
                    case "change" -> change(p, value, into);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new MalformedLineException("not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new MalformedLineException("more than one JSON value on the line");
            }
        } catch (MalformedLineException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedLineException("invalid JSON: " + firstLine(e.getMessage()));
        }
        if (into.ts == null) {
            throw new MalformedLineException("no ts");
        }
        try {
            into.epochMillis = Instant.parse(into.ts).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedLineException("ts is not an ISO-8601 instant: " + abbreviate(into.ts, 60));
        }
        if (into.outcome == null) {
            throw new MalformedLineException("no outcome");
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    /** A number field; NaN when null or not a number. */
    private static double number(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (value.isStructStart()) {
            p.skipChildren();
        }
        return Double.NaN;
    }

    private static void tables(JsonParser p, JsonToken value, LogEvent into) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                into.tables.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    private static void side(JsonParser p, JsonToken value, LogEvent.Side side) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "ms" -> side.ms = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
                case "count", "rows" -> {
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        side.count = p.getLongValue();
                        side.countField = field;
                    }
                }
                case "error" -> side.error = text(p, v);
                case "sql" -> side.sql = text(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private static void request(JsonParser p, JsonToken value, LogEvent into) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "id" -> into.requestId = text(p, v);
                case "method" -> into.requestMethod = text(p, v);
                case "path" -> into.requestPath = text(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private static void change(JsonParser p, JsonToken value, LogEvent into) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "scope" -> into.changeScope = text(p, v);
                case "table" -> into.changeTable = text(p, v);
                case "from" -> into.changeFrom = text(p, v);
                case "to" -> into.changeTo = text(p, v);
                case "actor" -> into.changeActor = text(p, v);
                case "source" -> into.changeSource = text(p, v);
                case "name" -> into.syncName = text(p, v);
                case "state" -> into.syncState = text(p, v);
                case "position" -> into.syncPosition = text(p, v);
                case "last_error" -> into.syncLastError = text(p, v);
                case "lag_ms" -> into.syncLag = number(p, v);
                case "lag_p50_ms" -> into.syncP50 = number(p, v);
                case "lag_p99_ms" -> into.syncP99 = number(p, v);
                case "events" -> into.syncEvents = number(p, v);
                case "transactions" -> into.syncTransactions = number(p, v);
                case "errors" -> into.syncErrors = number(p, v);
                case "snapshot_rows" -> into.syncSnapshotRows = number(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private String copy(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = json.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        if (w.getBuffer().length() > MAX_DIFF_CHARS) {
            return "\"(diff of " + w.getBuffer().length() + " characters left out)\"";
        }
        return w.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static String abbreviate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "…";
    }

    /** A line that is not a comparison event: counted and reported, never fatal. */
    static final class MalformedLineException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLineException(String message) {
            super(message, null, false, false);
        }
    }
}
