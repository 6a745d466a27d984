package io.dualaccess.keyset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Primary-key values as text: a JSON array, one element per key column ({@code [42]},
 * {@code [7,"2024-01-31"]}). Checkpoints and key files store keys this way; decoding reads each
 * element by its column's type, so the value binds as the right type again. Integers are JSON
 * numbers; decimals, text, dates, timestamps and UUIDs are strings; binary is
 * {@code "base64:…"}.
 */
public final class Keys {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String BASE64 = "base64:";

    private Keys() {
    }

    /** The JSON text of a key. */
    public static String encode(List<Object> key) {
        StringWriter w = new StringWriter(32);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes a key as a JSON array. */
    public static void write(JsonGenerator g, List<Object> key) throws IOException {
        g.writeStartArray();
        for (Object v : key) {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                g.writeNumber(((Number) v).longValue());
            } else if (v instanceof BigInteger i) {
                g.writeNumber(i);
            } else if (v instanceof BigDecimal d) {
                g.writeString(d.toPlainString());
            } else if (v instanceof byte[] b) {
                g.writeString(BASE64 + Base64.getEncoder().encodeToString(b));
            } else {
                g.writeString(v.toString());
            }
        }
        g.writeEndArray();
    }

    /**
     * Reads a key written by {@link #encode}, typing each element by its column.
     *
     * @throws IllegalArgumentException when the text is not such a key for these columns
     */
    public static List<Object> decode(String json, List<TableColumn> keyColumns) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("a key must be a JSON array, not " + json);
            }
            List<Object> out = read(p, keyColumns);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the key " + json);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON key: " + json + " (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the elements of a key array whose START_ARRAY the parser is on, up to its END_ARRAY. */
    public static List<Object> read(JsonParser p, List<TableColumn> keyColumns) throws IOException {
        List<Object> out = new ArrayList<>(keyColumns.size());
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new IllegalArgumentException("unterminated key");
            }
            if (out.size() == keyColumns.size()) {
                throw new IllegalArgumentException("a key of more than " + keyColumns.size() + " values");
            }
            out.add(t == JsonToken.VALUE_NULL ? null : typed(p.getText(), keyColumns.get(out.size())));
        }
        if (out.size() != keyColumns.size()) {
            throw new IllegalArgumentException("a key of " + out.size() + " values for " + keyColumns.size() + " key columns");
        }
        return out;
    }

    /** A key from the text of each element (as a JSON parser gives it), typed by its column. */
    public static List<Object> fromTexts(List<String> texts, List<TableColumn> keyColumns) {
        if (texts.size() != keyColumns.size()) {
            throw new IllegalArgumentException("a key of " + texts.size() + " values for " + keyColumns.size() + " key columns");
        }
        List<Object> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(texts.get(i) == null ? null : typed(texts.get(i), keyColumns.get(i)));
        }
        return out;
    }

    static Object typed(String text, TableColumn c) {
        String type = c.typeName() == null ? "" : c.typeName().toLowerCase(Locale.ROOT);
        switch (c.sqlType()) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                BigInteger i = new BigInteger(text);
                return i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                return new BigDecimal(text);
            }
            case Types.DATE -> {
                return LocalDate.parse(text);
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                return text.length() > 19 && (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$"))
                    ? OffsetDateTime.parse(text) : LocalDateTime.parse(text);
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                return Base64.getDecoder().decode(text.startsWith(BASE64) ? text.substring(BASE64.length()) : text);
            }
            default -> {
                return type.equals("uuid") ? UUID.fromString(text) : text;
            }
        }
    }
}
