package io.dualaccess.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dualaccess.config.FileMode;
import io.dualaccess.context.RequestContext;
import io.dualaccess.events.JsonLinesFile;
import io.dualaccess.events.ValueRenderer;
import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The divergence journal: every write that did not reach the shadow side intact, with what repair
 * needs (statement, full parameter values, tables, transaction, time). JSON lines, appended with
 * a {@code write} system call before the application's statement returns, so a crash of the
 * process loses nothing; {@code dualaccess.journal.fsync} decides how much an OS crash may lose.
 *
 * <p>Crash safety: before A commits a mirrored transaction, an intent naming its tables is
 * written to a companion file ({@code <journal>.intents}); after B commits it (or the transaction
 * is journaled or rolled back), its completion. A process killed between A's commit and B's
 * leaves an intent without completion: the next journal opened on the same file reports it as
 * an {@code unfinished_transaction} entry naming the tables, so repair covers them. The companion
 * file is rewritten with only the open intents when it grows past a few megabytes.
 *
 * <p>With {@code fsync=always}, appends from many threads share fsyncs: a writer's line is written
 * under the lock, the fsync happens outside it, and one fsync covers every line written before it
 * (group commit), so an outage that journals every write does not serialise the application's
 * threads on one lock held across fsync.
 *
 * <p>The journal holds real values (repair replays them): protect it like a database backup.
 */
public final class DivergenceJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DivergenceJournal.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** When the file is forced to disk. */
    public enum Fsync { ALWAYS, INTERVAL, NEVER }

    private final Path file;
    private final Fsync fsync;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private ScheduledExecutorService syncer;
    /** The file, shared code with the comparison log: reopen after logrotate, rollover, group fsync. */
    private final JsonLinesFile target;
    private final Intents intents;

    /**
     * @param file the journal file (appended)
     * @param fsync {@code always}, {@code interval} or {@code never}
     */
    public DivergenceJournal(Path file, String fsync) {
        this(file, fsync, FileMode.OWNER_ONLY);
    }

    /**
     * @param file the journal file (appended)
     * @param fsync {@code always}, {@code interval} or {@code never}
     * @param mode {@code dualaccess.files.mode}: the permissions the file gets when the journal creates it
     */
    public DivergenceJournal(Path file, String fsync, FileMode mode) {
        this(file, fsync, mode, JsonLinesFile.Rollover.NEVER);
    }

    /**
     * @param file the journal file (appended)
     * @param fsync {@code always}, {@code interval} or {@code never}
     * @param mode {@code dualaccess.files.mode}: the permissions the file gets when the journal creates it
     * @param rollover {@code dualaccess.journal.max-size} and {@code max-files}: rolled-over files
     *                 are {@code <file>.1}, {@code .2}, ... ({@link #files} lists them for repair)
     */
    public DivergenceJournal(Path file, String fsync, FileMode mode, JsonLinesFile.Rollover rollover) {
        this.file = file;
        this.target = new JsonLinesFile(file, mode, rollover);
        this.fsync = Fsync.valueOf(fsync.toUpperCase(Locale.ROOT));
        if (this.fsync == Fsync.INTERVAL) {
            syncer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("journal"));
            syncer.scheduleWithFixedDelay(this::force, 1, 1, TimeUnit.SECONDS);
        }
        this.intents = new Intents(Path.of(file + ".intents"), this.fsync == Fsync.ALWAYS, mode);
        for (Intents.Open open : intents.recover()) {
            LOG.warn("dualaccess: transaction {} committed on A may be missing on B: the process ended between A's commit and"
                + " B's (tables {}); journaled as unfinished_transaction for repair", open.tx(), open.tables());
            append(new Entry(open.epochMillis(), "unfinished_transaction", open.tx(),
                "-- the process ended between A's commit and B's: B may lack this transaction", null, open.tables(), -1, -1,
                "intent without completion in " + intents.file(), "unfinished_transaction", null));
        }
    }

    /**
     * Before A commits a mirrored transaction: records that B must still commit it (see the class
     * comment). Never throws.
     */
    public void intent(String tx, List<String> tables) {
        intents.intent(tx, tables);
    }

    /** After B committed (or the transaction was journaled or rolled back): the intent is done. Never throws. */
    public void completed(String tx) {
        intents.completed(tx);
    }

    /**
     * One divergence.
     *
     * @param request the request being served when the write ran, or null
     */
    public record Entry(long epochMillis, String reason, String tx, String sql, Param[] params, List<String> tables,
                        long aCount, long bCount, String error, String fingerprint, RequestContext request) {

        /** An entry made on the application's thread: it carries {@link RequestContext#current()}. */
        public Entry(long epochMillis, String reason, String tx, String sql, Param[] params, List<String> tables,
                     long aCount, long bCount, String error, String fingerprint) {
            this(epochMillis, reason, tx, sql, params, tables, aCount, bCount, error, fingerprint, RequestContext.current());
        }
    }

    /** Appends an entry; never throws (a journal failure is logged and counted). */
    public void append(Entry e) {
        String line;
        try {
            line = toJson(e);
        } catch (IOException impossible) {
            failures.incrementAndGet();
            return;
        }
        long mine;
        try {
            mine = target.append(line.getBytes(StandardCharsets.UTF_8));
            entries.incrementAndGet();
        } catch (IOException io) {
            failures.incrementAndGet();
            // The log is not the journal: the lost entry is shown with its values and error text masked.
            LOG.error("cannot append to divergence journal {}: {} — the lost entry (values masked): {}", file, io, masked(e));
            return;
        }
        if (fsync == Fsync.ALWAYS) {
            try {
                target.forceUpTo(mine);
            } catch (IOException io) {
                LOG.warn("cannot fsync divergence journal {}: {}", file, io.toString());
            }
        }
    }

    private void force() {
        try {
            target.force();
        } catch (IOException io) {
            LOG.warn("cannot fsync divergence journal {}: {}", file, io.toString());
        }
    }

    /** The entry as the journal would hold it, with values and error text masked, for the application log. */
    static String masked(Entry e) {
        Param[] shown = null;
        if (e.params() != null) {
            shown = new Param[e.params().length];
            for (int i = 0; i < shown.length; i++) {
                Param p = e.params()[i];
                shown[i] = p == null ? null : new Param(p.index(), p.setter(), ValueRenderer.MASKED.value(p.a()),
                    ValueRenderer.MASKED.value(p.b()), ValueRenderer.MASKED.value(p.c()));
            }
        }
        Entry m = new Entry(e.epochMillis(), e.reason(), e.tx(), e.sql(), shown, e.tables(), e.aCount(), e.bCount(),
            ValueRenderer.MASKED.error(e.error()), e.fingerprint(), e.request());
        try {
            return toJson(m).strip();
        } catch (IOException | RuntimeException impossible) {
            return "(not shown: " + impossible.getClass().getSimpleName() + ")";
        }
    }

    static String toJson(Entry e) throws IOException {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(e.epochMillis()).toString());
            g.writeStringField("reason", e.reason());
            g.writeStringField("tx", e.tx());
            g.writeStringField("sql", e.sql());
            g.writeArrayFieldStart("params");
            if (e.params() != null) {
                for (Param p : e.params()) {
                    if (p == null) {
                        g.writeNull();
                        continue;
                    }
                    g.writeStartObject();
                    g.writeNumberField("index", p.index());
                    g.writeStringField("setter", p.setter().name());
                    writeValue(g, "value", p.a());
                    if (p.b() != null) {
                        writeValue(g, "arg2", p.b());
                    }
                    if (p.c() != null) {
                        writeValue(g, "arg3", p.c());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tables");
            for (String t : e.tables()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeNumberField("a_count", e.aCount());
            g.writeNumberField("b_count", e.bCount());
            if (e.error() != null) {
                g.writeStringField("error", e.error());
            }
            g.writeStringField("fingerprint", e.fingerprint());
            if (e.request() != null) {
                g.writeObjectFieldStart("request");
                g.writeStringField("id", e.request().id());
                g.writeStringField("method", e.request().method());
                g.writeStringField("path", e.request().path());
                g.writeEndObject();
                if (e.request().traceId() != null) {
                    g.writeStringField("trace_id", e.request().traceId());
                    g.writeStringField("span_id", e.request().spanId());
                }
            }
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }

    private static void writeValue(JsonGenerator g, String field, Object v) throws IOException {
        Object f = ValueRenderer.full(v);
        g.writeFieldName(field);
        if (f == null) {
            g.writeNull();
        } else if (f instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (f instanceof Integer || f instanceof Long || f instanceof Short || f instanceof Byte) {
            g.writeNumber(((Number) f).longValue());
        } else if (f instanceof Double || f instanceof Float) {
            g.writeNumber(((Number) f).doubleValue());
        } else {
            g.writeString(f.toString());
        }
    }

    /** The tables of each transaction intent without completion next to a journal file (for repair). */
    public static List<List<String>> unfinished(Path journal) {
        List<List<String>> out = new ArrayList<>();
        for (Intents.Open o : Intents.read(Path.of(journal + ".intents")).values()) {
            out.add(o.tables());
        }
        return out;
    }

    /** Entries appended since start. */
    public long entries() {
        return entries.get();
    }

    /** Entries that could not be written. */
    public long failures() {
        return failures.get();
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /**
     * A journal's files, oldest first: its rolled-over files ({@code <file>.N} down to
     * {@code <file>.1}) and then the file itself, those that exist.
     */
    public static List<Path> files(Path journal) {
        List<Path> out = new java.util.ArrayList<>();
        int n = 1;
        while (java.nio.file.Files.exists(journal.resolveSibling(journal.getFileName() + "." + n))) {
            n++;
        }
        for (int i = n - 1; i >= 1; i--) {
            out.add(journal.resolveSibling(journal.getFileName() + "." + i));
        }
        if (java.nio.file.Files.exists(journal)) {
            out.add(journal);
        }
        return out;
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        intents.close();
        try {
            target.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }
}
