package io.dualaccess.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dualaccess.config.FileMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's companion file of transaction intents: {@code {"intent":tx,"ts":…,"tables":[…]}}
 * before A's commit of a mirrored transaction, {@code {"done":tx}} once B committed it (or it was
 * journaled or rolled back). Only open intents matter; the file is rewritten with just those once it
 * grows past {@link #ROTATE_BYTES}.
 *
 * <p>Two lines per mirrored transaction, on the application's thread: they are copied into a
 * memory mapping of the file ({@link #CHUNK} bytes at a time) instead of written with a system call
 * each. What is copied into a shared mapping is the kernel's page cache, as written bytes are: a
 * process killed right after keeps it, and {@code fsync=always} forces it with {@code msync}. The
 * mapping leaves zero bytes after the last line until the file is closed (then it is cut to its
 * lines); readers stop at the first zero byte.
 */
final class Intents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Intents.class);
    private static final JsonFactory JSON = new JsonFactory();
    static final long ROTATE_BYTES = 4L << 20;
    /** Bytes mapped at a time; the file grows by this much when the mapping is full. */
    static final int CHUNK = 64 << 10;

    /** An intent without completion. */
    record Open(String tx, long epochMillis, List<String> tables) {
    }

    private final Path file;
    private final boolean fsync;
    /** The journal's own mode: the intents name transactions and tables, kept as private as the journal. */
    private final FileMode mode;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private FileChannel channel;
    private MappedByteBuffer map;
    /** Where the mapping starts in the file. */
    private long mapStart;
    /** The end of the last line: {@code mapStart + map.position()} while mapped. */
    private long size;
    /** False once the file system refused a mapping: lines are then written with a system call each. */
    private boolean mapped;
    /** A line is rendered here, then copied into the mapping. */
    private byte[] line = new byte[256];

    Intents(Path file, boolean fsync, FileMode mode) {
        this(file, fsync, mode, true);
    }

    /** @param mapped whether to try a memory mapping at all (tests: the fallback for file systems that refuse one) */
    Intents(Path file, boolean fsync, FileMode mode, boolean mapped) {
        this.file = file;
        this.fsync = fsync;
        this.mode = mode;
        this.mapped = mapped;
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
                int end = line.indexOf('\0');
                if (end >= 0) {
                    // The unwritten rest of a mapping (a process that ended without closing the file).
                    line = line.substring(0, end);
                }
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
        Open o = new Open(tx, System.currentTimeMillis(), tables);
        open.put(tx, o);
        try {
            write(render(o));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write a transaction intent to {}: {}", file, e.toString());
            unmap();
        }
    }

    synchronized void completed(String tx) {
        if (open.remove(tx) == null) {
            return;
        }
        try {
            // Only the JSON-safe characters of our own transaction ids: no escaping needed.
            int n = 0;
            n = ascii(n, "{\"done\":\"");
            n = ascii(n, tx);
            n = ascii(n, "\"}\n");
            write(n);
            if (size > ROTATE_BYTES) {
                rotate();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write a transaction completion to {}: {}", file, e.toString());
            unmap();
        }
    }

    /** Renders an intent's line into {@link #line}; returns its length. */
    private int render(Open o) {
        int n = 0;
        n = ascii(n, "{\"intent\":\"");
        n = ascii(n, o.tx());
        n = ascii(n, "\",\"ts\":");
        n = ascii(n, Long.toString(o.epochMillis()));
        n = ascii(n, ",\"tables\":[");
        List<String> tables = o.tables();
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                n = ascii(n, ",");
            }
            n = string(n, tables.get(i));
        }
        return ascii(n, "]}\n");
    }

    /** Appends ASCII text that needs no escaping. */
    private int ascii(int n, String s) {
        int len = s.length();
        ensure(n + len);
        for (int i = 0; i < len; i++) {
            line[n++] = (byte) s.charAt(i);
        }
        return n;
    }

    /** Appends a JSON string: quotes, backslashes and control characters escaped, the rest in UTF-8. */
    private int string(int n, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(n + 2 + 6 * utf8.length);
        line[n++] = '"';
        for (byte b : utf8) {
            // Bytes of multi-byte characters are all >= 0x80: never a quote, backslash or control character.
            if (b == '"' || b == '\\') {
                line[n++] = '\\';
                line[n++] = b;
            } else if (b >= 0 && b < 0x20) {
                line[n++] = '\\';
                line[n++] = 'u';
                line[n++] = '0';
                line[n++] = '0';
                line[n++] = (byte) Character.forDigit(b >> 4, 16);
                line[n++] = (byte) Character.forDigit(b & 0xf, 16);
            } else {
                line[n++] = b;
            }
        }
        line[n++] = '"';
        return n;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, 2 * line.length));
        }
    }

    /** Copies the first {@code n} bytes of {@link #line} to the end of the file's mapping, mapping more of it when full. */
    private void write(int n) throws IOException {
        if (channel == null) {
            channel = mode.openReadWrite(file);
            size = end(channel);
        }
        if (mapped && (map == null || map.remaining() < n)) {
            try {
                map = channel.map(FileChannel.MapMode.READ_WRITE, size, Math.max(CHUNK, n));
                mapStart = size;
            } catch (IOException | UnsupportedOperationException refused) {
                LOG.info("dualaccess: {} cannot be memory-mapped ({}): its lines are written with a system call each",
                    file, refused.toString());
                mapped = false;
                map = null;
            }
        }
        if (!mapped) {
            ByteBuffer buf = ByteBuffer.wrap(line, 0, n);
            while (buf.hasRemaining()) {
                size += channel.write(buf, size);
            }
            if (fsync) {
                channel.force(false);
            }
            return;
        }
        int at = map.position();
        map.put(line, 0, n);
        size = mapStart + map.position();
        if (fsync) {
            map.force(at, n);
        }
    }

    /** Where the lines of a file end: before the zero bytes an unclosed mapping left. */
    private static long end(FileChannel c) throws IOException {
        long end = c.size();
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (end > 0) {
            long from = Math.max(0, end - b.capacity());
            b.clear().limit((int) (end - from));
            while (b.hasRemaining() && c.read(b, from + b.position()) >= 0) {
                // reads until the block is full
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) != 0) {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    /** Rewrites the file with the open intents only, atomically. */
    private void rotate() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (Open o : open.values()) {
            kept.write(line, 0, render(o));
        }
        Files.deleteIfExists(tmp);
        try (FileChannel c = mode.openAppend(tmp)) {
            ByteBuffer buf = ByteBuffer.wrap(kept.toByteArray());
            while (buf.hasRemaining()) {
                c.write(buf);
            }
        }
        unmap();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Cuts the file to its lines and lets go of it (the mapping itself goes with the garbage collector). */
    private void unmap() {
        map = null;
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.truncate(size);
            } catch (IOException | RuntimeException ignored) {
                // the zero bytes stay; readers skip them
            }
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public synchronized void close() {
        unmap();
    }
}
