package io.dualaccess.compare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code json} rule: one canonical text per JSON value. Object keys are sorted (a repeated key
 * keeps its last value, as most JSON readers and PostgreSQL's jsonb do), whitespace goes, strings
 * are re-escaped one way, and with {@code numbers} numbers are written by value ({@code 1.0} =
 * {@code 1}). Array order is kept: it is part of the value.
 *
 * <p>Built on jackson-core's streaming parser and generator only (no data binding). Stateless and
 * thread-safe.
 */
final class JsonCanonicalizer {

    private static final JsonFactory FACTORY = new JsonFactory();

    // Stands for a JSON number kept as written (without numbers by value).
    private record RawNumber(String text) {
    }

    private JsonCanonicalizer() {
    }

    /** Whether text could be a JSON document worth parsing: its first non-blank character opens an object or array. */
    static boolean looksLikeDocument(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '[') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return false;
    }

    /** The canonical text of a JSON value, or null when the text is not exactly one JSON value. */
    static String canonical(String text, boolean numbersByValue) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            Object tree = read(p, first, numbersByValue);
            if (p.nextToken() != null) {
                return null;
            }
            StringWriter w = new StringWriter(text.length());
            try (JsonGenerator g = FACTORY.createGenerator(w)) {
                write(g, tree);
            }
            return w.toString();
        } catch (IOException e) {
            // Not JSON after all (or deeper/longer than jackson's limits): compare the text as it is.
            return null;
        }
    }

    private static Object read(JsonParser p, JsonToken t, boolean numbersByValue) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new TreeMap<>();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken(), numbersByValue));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e, numbersByValue));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return numbersByValue ? numberText(p.getDecimalValue()) : new RawNumber(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    // One text per numeric value: plain digits unless that would be absurdly long (1e400).
    private static RawNumber numberText(BigDecimal d) {
        if (d.signum() == 0) {
            return new RawNumber("0");
        }
        BigDecimal s = d.stripTrailingZeros();
        boolean plain = s.scale() <= 0 ? s.precision() - s.scale() <= 40 : s.scale() <= 40;
        return new RawNumber(plain ? s.toPlainString() : s.toString());
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof RawNumber n) {
            g.writeNumber(n.text());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString((String) v);
        }
    }
}
