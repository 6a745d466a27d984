package io.dualaccess.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows dualaccess's comparison log (JSON lines) as it grows and counts statements (an aggregated event as its {@code count}) by kind and
 * outcome, and mismatches by table: what the demo prints while it runs.
 */
final class ComparisonLogTail {

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private long offset;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<String, Long> mismatchesByTable = new TreeMap<>();
    private long events;

    ComparisonLogTail(Path file) {
        this.file = file;
    }

    /** Reads the lines appended since the last call. */
    synchronized void poll() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() <= offset) {
                return;
            }
            raf.seek(offset);
            byte[] buf = new byte[(int) Math.min(raf.length() - offset, 64L << 20)];
            raf.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    count(parse(new String(buf, start, i - start, StandardCharsets.UTF_8)));
                    start = i + 1;
                }
            }
            // A line still being written stays for the next poll.
            offset += start;
        }
    }

    private void count(Map<String, Object> e) {
        if (e.isEmpty()) {
            return;
        }
        events++;
        String kind = String.valueOf(e.get("kind"));
        String outcome = String.valueOf(e.get("outcome"));
        // An aggregated event (match, skipped, dropped: dualaccess.log.aggregate) stands for count statements.
        long statements = e.get("count") instanceof Number n ? n.longValue() : 1L;
        outcomes.merge(kind + " " + outcome, statements, Long::sum);
        if (outcome.equals("mismatch") || outcome.equals("b_error")) {
            Object tables = e.get("tables");
            if (tables instanceof List<?> l) {
                for (Object t : l) {
                    mismatchesByTable.merge(t + " (" + kind + " " + outcome + ")", 1L, Long::sum);
                }
            }
        }
    }

    /** Events read so far. */
    synchronized long events() {
        return events;
    }

    /** Events read so far with this outcome, any kind. */
    synchronized long count(String outcome) {
        long n = 0;
        for (Map.Entry<String, Long> e : outcomes.entrySet()) {
            if (e.getKey().endsWith(" " + outcome)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** {@code "read match" -> 120}, … */
    synchronized Map<String, Long> outcomes() {
        return new TreeMap<>(outcomes);
    }

    /** {@code "products (read mismatch)" -> 12}, … */
    synchronized Map<String, Long> mismatchesByTable() {
        return new TreeMap<>(mismatchesByTable);
    }

    /** One JSON object as nested maps and lists; an unreadable line gives an empty map. */
    static Map<String, Object> parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            return object(p);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            out.put(name, value(p));
        }
        return out;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }
}
