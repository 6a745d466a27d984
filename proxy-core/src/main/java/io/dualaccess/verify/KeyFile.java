package io.dualaccess.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dualaccess.keyset.Keys;
import io.dualaccess.keyset.TableColumn;
import io.dualaccess.keyset.TablePair;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of differing rows as JSON lines, one difference per line:
 * {@code {"table":"orders","kind":"changed","key":[42],"columns":["price"]}}. Verify writes it
 * ({@code --keys}); repair reads it back.
 */
public final class KeyFile implements DifferenceSink, AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final BufferedWriter out;
    private long written;

    private KeyFile(BufferedWriter out) {
        this.out = out;
    }

    /** A new key file (replacing one that exists). */
    public static KeyFile create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new KeyFile(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    @Override
    public void accept(TablePair pair, Difference d) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            VerifyReport.writeDifference(g, d, true);
            g.flush();
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written. */
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The key columns of a table, looked up when its first line is read. */
    @FunctionalInterface
    public interface KeyColumns {
        /** The key columns of this table (A's). */
        List<TableColumn> of(String table) throws SQLException;
    }

    /**
     * Reads every difference of a key file.
     *
     * @param keyColumns the key columns by table, to type the key values
     * @throws IOException when the file cannot be read or a line is not a difference (naming the line)
     */
    public static List<Difference> read(Path file, KeyColumns keyColumns) throws IOException, SQLException {
        List<Difference> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(parse(line, keyColumns));
                } catch (IllegalArgumentException | IOException e) {
                    throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static Difference parse(String line, KeyColumns keyColumns) throws IOException, SQLException {
        String table = null;
        String kind = null;
        List<String> keyTexts = null;
        List<String> columns = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "table" -> table = p.getText();
                    case "kind" -> kind = p.getText();
                    case "key" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("key must be an array");
                        }
                        keyTexts = new ArrayList<>();
                        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                            keyTexts.add(e == JsonToken.VALUE_NULL ? null : p.getText());
                        }
                    }
                    case "columns" -> {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            columns.add(p.getText());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        if (table == null || kind == null || keyTexts == null) {
            throw new IllegalArgumentException("a difference needs table, kind and key");
        }
        return new Difference(table, Difference.Kind.of(kind), Keys.fromTexts(keyTexts, keyColumns.of(table)), columns);
    }
}
