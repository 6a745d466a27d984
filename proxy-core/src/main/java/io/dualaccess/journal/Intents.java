package io.dualaccess.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dualaccess.config.FileMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's companion file of transaction intents: {@code {"intent":tx,"ts":…,"tables":[…]}}
 * before A's commit of a mirrored transaction, {@code {"done":tx}} once B committed it (or it was
 * journaled or rolled back). Only open intents matter; the file is rewritten with just those once it
 * grows past {@link #ROTATE_BYTES}.
 */
final class Intents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Intents.class);
    private static final JsonFactory JSON = new JsonFactory();
    static final long ROTATE_BYTES = 4L << 20;

    /** An intent without completion. */
    record Open(String tx, long epochMillis, List<String> tables) {
    }

    private final Path file;
    private final boolean fsync;
    /** The journal's own mode: the intents name transactions and tables, kept as private as the journal. */
    private final FileMode mode;
    private final Map<String, String> open = new LinkedHashMap<>();
    private FileChannel channel;
    private long size;

    Intents(Path file, boolean fsync, FileMode mode) {
        this.file = file;
        this.fsync = fsync;
        this.mode = mode;
    }

    Path file() {
        return file;
    }

    /** The intents the file holds without completion (a process that ended between A's commit and B's); the file is then emptied. */
    synchronized List<Open> recover() {
        List<Open> out = new ArrayList<>(read(file).values());
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot reset {}: {}", file, e.toString());
        }
        return out;
    }

    /** Open intents of a file, without changing it (for repair). */
    static Map<String, Open> read(Path file) {
        Map<String, Open> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                try (JsonParser p = JSON.createParser(line)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    String intent = null;
                    String done = null;
                    long ts = 0;
                    List<String> tables = new ArrayList<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken t = p.nextToken();
                        switch (field) {
                            case "intent" -> intent = p.getText();
                            case "done" -> done = p.getText();
                            case "ts" -> ts = p.getLongValue();
                            case "tables" -> {
                                while (t == JsonToken.START_ARRAY && p.nextToken() != JsonToken.END_ARRAY) {
                                    tables.add(p.getText());
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                    if (intent != null) {
                        out.put(intent, new Open(intent, ts, List.copyOf(tables)));
                    } else if (done != null) {
                        out.remove(done);
                    }
                } catch (IOException torn) {
                    // A line torn by the crash: its intent was not complete either, nothing to report.
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
        }
        return out;
    }

    synchronized void intent(String tx, List<String> tables) {
        try {
            StringWriter w = new StringWriter(96);
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("intent", tx);
                g.writeNumberField("ts", System.currentTimeMillis());
                g.writeArrayFieldStart("tables");
                for (String t : tables) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            String line = w.append('\n').toString();
            open.put(tx, line);
            write(line);
        } catch (IOException e) {
            LOG.warn("cannot write a transaction intent to {}: {}", file, e.toString());
        }
    }

    synchronized void completed(String tx) {
        if (open.remove(tx) == null) {
            return;
        }
        try {
            // Only the JSON-safe characters of our own transaction ids: no escaping needed.
            write("{\"done\":\"" + tx + "\"}\n");
            if (size > ROTATE_BYTES) {
                rotate();
            }
        } catch (IOException e) {
            LOG.warn("cannot write a transaction completion to {}: {}", file, e.toString());
        }
    }

    private void write(String line) throws IOException {
        if (channel == null) {
            channel = mode.openAppend(file);
            size = channel.size();
        }
        ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            size += channel.write(buf);
        }
        if (fsync) {
            channel.force(false);
        }
    }

    /** Rewrites the file with the open intents only, atomically. */
    private void rotate() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder b = new StringBuilder();
        for (String line : open.values()) {
            b.append(line);
        }
        Files.deleteIfExists(tmp);
        try (FileChannel c = mode.openAppend(tmp)) {
            ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                c.write(buf);
            }
        }
        channel.close();
        channel = null;
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // shutting down
            }
            channel = null;
        }
    }
}
