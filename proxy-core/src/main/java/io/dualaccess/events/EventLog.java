package io.dualaccess.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dualaccess.config.FileMode;
import io.dualaccess.context.RequestContext;
import io.dualaccess.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The comparison log: one JSON line per event in {@code dualaccess.log.file}, written by one
 * daemon thread from a bounded queue. The application's thread only offers to the queue: a full
 * queue drops the event and counts it, never blocks. Statements of the aggregated outcomes
 * ({@code dualaccess.log.aggregate}, by default {@code match} and {@code skipped}) are not queued:
 * they are counted into one aggregate per kind, phase, outcome, reason and fingerprint
 * ({@link #count}), which the writer logs as one event with their {@code count} per interval
 * ({@code dualaccess.log.aggregate-interval}, {@link #AGGREGATE_INTERVAL} by default) and when the log closes.
 */
public final class EventLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** How long the writer lets events gather after the first of a batch (the log's delay at most). */
    static final long BATCH_LINGER_MILLIS = 20;

    /** The default interval of the aggregated events ({@code dualaccess.log.aggregate-interval}): one event per aggregate and interval, at most. */
    public static final Duration AGGREGATE_INTERVAL = Duration.ofSeconds(5);

    /** {@code dualaccess.log.aggregate}'s default: matches, skipped statements and transient reads are aggregated. */
    public static final Set<Outcome> DEFAULT_AGGREGATED = Set.copyOf(EnumSet.of(Outcome.MATCH, Outcome.SKIPPED, Outcome.TRANSIENT));
    /** The outcomes {@code dualaccess.log.aggregate} may name. */
    public static final Set<Outcome> AGGREGATABLE = DEFAULT_AGGREGATED;

    /** Comparison events, and observations whose events the writer builds ({@link #publish(Observation)}). */
    private final BlockingQueue<Object> queue;
    private final Path file;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final List<Consumer<ComparisonEvent>> listeners = new CopyOnWriteArrayList<>();
    /** The listeners that count aggregated statements one by one ({@link StatementCounter}), and their version. */
    private final List<StatementCounter> counters = new CopyOnWriteArrayList<>();
    private volatile int countersVersion;
    /** Whether each outcome (by ordinal) is aggregated. */
    private final boolean[] aggregated = new boolean[Outcome.values().length];
    private final Aggregates aggregates = new Aggregates();
    private final long aggregateIntervalNanos;
    private final Thread writer;
    private final ValueRenderer values;
    private final JsonLinesFile target;
    private volatile Supplier<String> aUrl = () -> null;
    private volatile Supplier<String> bUrl = () -> null;
    private volatile boolean closed;

    /**
     * A log that masks values in error messages and creates its file for the owner only.
     *
     * @param file where the JSON lines go (appended)
     * @param capacity events buffered before dropping
     */
    public EventLog(Path file, int capacity) {
        this(file, capacity, ValueRenderer.MASKED, FileMode.OWNER_ONLY);
    }

    /**
     * @param file where the JSON lines go (appended)
     * @param capacity events buffered before dropping
     * @param values {@code dualaccess.log.values}: how error messages of either side are shown
     *               (every listener and the file get the same, masked, event)
     * @param mode {@code dualaccess.files.mode}: the permissions the file gets when this log creates it
     */
    public EventLog(Path file, int capacity, ValueRenderer values, FileMode mode) {
        this(file, capacity, values, mode, JsonLinesFile.Rollover.NEVER);
    }

    /**
     * @param file where the JSON lines go (appended)
     * @param capacity events buffered before dropping
     * @param values {@code dualaccess.log.values}: how error messages of either side are shown
     * @param mode {@code dualaccess.files.mode}: the permissions the file gets when this log creates it
     * @param rollover {@code dualaccess.log.max-size}, {@code max-age}, {@code max-files}
     */
    public EventLog(Path file, int capacity, ValueRenderer values, FileMode mode, JsonLinesFile.Rollover rollover) {
        this(file, capacity, values, mode, rollover, DEFAULT_AGGREGATED);
    }

    /**
     * @param file where the JSON lines go (appended)
     * @param capacity events buffered before dropping
     * @param values {@code dualaccess.log.values}: how error messages of either side are shown
     * @param mode {@code dualaccess.files.mode}: the permissions the file gets when this log creates it
     * @param rollover {@code dualaccess.log.max-size}, {@code max-age}, {@code max-files}
     * @param aggregate {@code dualaccess.log.aggregate}: the outcomes of statements logged as aggregates
     *                  (among {@link #AGGREGATABLE}; empty: one event per statement)
     */
    public EventLog(Path file, int capacity, ValueRenderer values, FileMode mode, JsonLinesFile.Rollover rollover,
                    Set<Outcome> aggregate) {
        this(file, capacity, values, mode, rollover, aggregate, AGGREGATE_INTERVAL);
    }

    /**
     * @param file where the JSON lines go (appended)
     * @param capacity events buffered before dropping
     * @param values {@code dualaccess.log.values}: how error messages of either side are shown
     * @param mode {@code dualaccess.files.mode}: the permissions the file gets when this log creates it
     * @param rollover {@code dualaccess.log.max-size}, {@code max-age}, {@code max-files}
     * @param aggregate {@code dualaccess.log.aggregate}: the outcomes of statements logged as aggregates
     *                  (among {@link #AGGREGATABLE}; empty: one event per statement)
     * @param aggregateInterval {@code dualaccess.log.aggregate-interval}: how often the aggregates are written (positive)
     */
    public EventLog(Path file, int capacity, ValueRenderer values, FileMode mode, JsonLinesFile.Rollover rollover,
                    Set<Outcome> aggregate, Duration aggregateInterval) {
        if (aggregateInterval.isNegative() || aggregateInterval.isZero()) {
            throw new IllegalArgumentException("aggregate interval must be positive, was " + aggregateInterval);
        }
        this.aggregateIntervalNanos = aggregateInterval.toNanos();
        for (Outcome o : aggregate) {
            if (!AGGREGATABLE.contains(o)) {
                throw new IllegalArgumentException("outcome " + o.value() + " is never aggregated; expected some of " + AGGREGATABLE);
            }
            aggregated[o.ordinal()] = true;
        }
        this.file = file;
        this.values = values;
        this.target = new JsonLinesFile(file, mode, rollover);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new DaemonThreads("events").newThread(this::drain);
        this.writer.start();
    }

    /**
     * Offers an event; never blocks. Error messages are masked here, before any listener sees them.
     * A statement's event of an aggregated outcome ({@link #aggregates}) is counted into its
     * aggregate instead (its parameters, transaction, request and trace are not logged).
     */
    public void publish(ComparisonEvent published) {
        if (published.count() == 1 && aggregated[published.outcome().ordinal()] && STATEMENTS.contains(published.kind())) {
            count(published.kind(), published.phase(), published.outcome(), published.reason(), published.fingerprint(),
                published.sql(), published.tables(), published.nondeterministic(), published.a(), published.b(),
                published.diff(), published.request(), 1);
            return;
        }
        ComparisonEvent event = masked(published);
        notifyListeners(event);
        if (closed || !queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** The kinds of events aggregated: statements (a commit, a phase change, an HTTP exchange never are). */
    private static final Set<String> STATEMENTS = Set.of("read", "write");

    /**
     * Whether statements of this outcome are counted into aggregates ({@code dualaccess.log.aggregate}):
     * then a producer calls {@link #count} instead of building their events.
     */
    public boolean aggregates(Outcome outcome) {
        return aggregated[outcome.ordinal()];
    }

    /**
     * Whether a statement of an aggregated outcome would be counted into an aggregate its fingerprint
     * already has: then its diff (and whatever else only a first statement's event shows) need not be
     * made, {@link #count} keeps the first one's.
     */
    public boolean aggregating(String kind, String phase, Outcome outcome, String reason, String fingerprint) {
        return aggregated[outcome.ordinal()] && aggregates.exists(kind, phase, outcome, reason, fingerprint);
    }

    /**
     * Counts statements of an aggregated outcome into their aggregate, on the thread that observed
     * them; never blocks. The {@link StatementCounter} listeners count them now; the aggregate's event
     * (its first statement's SQL, sides and diff; the sums of rows or update counts and times; no
     * parameters, transaction, request or trace) is written at the end of the interval.
     *
     * @param kind {@code read} or {@code write}
     * @param a what side A did with each statement
     * @param b what side B did with each statement
     * @param diff what the first statement's event would carry in {@code diff} (noisy columns, say), or null
     * @param request the request being served, for the statement counters (not logged), or null
     * @param statements how many statements (a batch's)
     */
    public void count(String kind, String phase, Outcome outcome, String reason, String fingerprint, String sql,
                      List<String> tables, List<String> nondeterministic, SideResult a, SideResult b,
                      Map<String, Object> diff, RequestContext request, int statements) {
        Aggregates.Slot s = aggregates.slot(kind, phase, outcome, reason, fingerprint, sql, tables, nondeterministic, a, b, diff);
        Aggregates.Resolved r = s.resolved;
        int v = countersVersion;
        if (r.version() != v) {
            r = resolve(kind, outcome, v);
            s.resolved = r;
        }
        for (StatementCounter.Tally t : r.tallies()) {
            try {
                t.add(request, statements, a.nanos(), b.nanos());
            } catch (RuntimeException e) {
                // A listener must never break the application's statement.
                LOG.warn("comparison event listener failed", e);
            }
        }
        if (closed) {
            dropped.addAndGet(statements);
            return;
        }
        s.add(statements, a, b);
    }

    private Aggregates.Resolved resolve(String kind, Outcome outcome, int version) {
        List<StatementCounter.Tally> tallies = new ArrayList<>();
        for (StatementCounter c : counters) {
            try {
                tallies.add(c.tally(kind, outcome));
            } catch (RuntimeException e) {
                LOG.warn("comparison event listener failed", e);
            }
        }
        return new Aggregates.Resolved(version, tallies.toArray(new StatementCounter.Tally[0]));
    }

    private void notifyListeners(ComparisonEvent event) {
        notifyListeners(event, false);
    }

    /** @param aggregate whether the event is an aggregate of {@link #count}: the statement counters counted it already */
    private void notifyListeners(ComparisonEvent event, boolean aggregate) {
        for (Consumer<ComparisonEvent> l : listeners) {
            try {
                if (aggregate && l instanceof StatementCounter c) {
                    // Counted already, statement by statement: shown the aggregate only as such.
                    c.aggregated(event);
                    continue;
                }
                l.accept(event);
            } catch (RuntimeException e) {
                // A listener must never break the application's statement (nor the writer).
                LOG.warn("comparison event listener failed", e);
            }
        }
    }

    /**
     * Offers an observation; never blocks. Its events are built, masked, shown to the listeners and
     * written on the writer thread, in the order published; a full queue drops all of them.
     */
    public void publish(Observation observation) {
        if (closed || !queue.offer(observation)) {
            dropped.addAndGet(observation.count());
        }
    }

    /** The event with both sides' error messages as {@code dualaccess.log.values} shows them. */
    private ComparisonEvent masked(ComparisonEvent e) {
        if (e.a().error() == null && e.b().error() == null) {
            return e;
        }
        return new ComparisonEvent(e.epochMillis(), e.kind(), e.phase(), e.outcome(), e.reason(), e.fingerprint(), e.sql(),
            e.params(), e.a().withError(values.error(e.a().error())), e.b().withError(values.error(e.b().error())),
            e.tables(), e.tx(), e.nondeterministic(), e.diff(), e.change(), e.request(), e.http(), e.trace(), e.count());
    }

    /**
     * Adds a listener called on the publishing thread, before the event is queued for the writer, or,
     * for the events of an {@link Observation} (mirrored writes), on the writer thread before the
     * event is written (keep it cheap and non-blocking: metrics and the admin server's views use it;
     * a listener that throws is logged and skipped). A listener that is also a {@link StatementCounter}
     * counts the statements of aggregated outcomes one by one and is not shown their aggregated events;
     * any other listener is shown those events, on the writer thread, each standing for its
     * {@link ComparisonEvent#count()} statements.
     */
    public synchronized void addListener(Consumer<ComparisonEvent> listener) {
        listeners.add(listener);
        if (listener instanceof StatementCounter c) {
            counters.add(c);
            countersVersion++;
        }
    }

    /** Removes a listener added with {@link #addListener}. */
    public synchronized void removeListener(Consumer<ComparisonEvent> listener) {
        listeners.remove(listener);
        if (listener instanceof StatementCounter c && counters.remove(c)) {
            countersVersion++;
        }
    }

    /**
     * Where the log finds each side's JDBC URL, for the OpenTelemetry names of each side's database
     * ({@code db.system.name}, {@code db.namespace} in {@code a} and {@code b}); asked once per batch
     * on the writer thread, so a URL learnt later (A's, at the first connection) is used from then on.
     */
    public void describe(Supplier<String> aUrl, Supplier<String> bUrl) {
        this.aUrl = aUrl;
        this.bUrl = bUrl;
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events written to the file. */
    public long written() {
        return written.get();
    }

    /** Events waiting to be written. */
    public int depth() {
        return queue.size();
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Times the log rolled over to a new file ({@code dualaccess.log.max-size}, {@code max-age}). */
    public long rolledOver() {
        return target.rolledOver();
    }

    /** Times the log found its file renamed or removed (logrotate) and opened a new one. */
    public long reopened() {
        return target.reopened();
    }

    private void drain() {
        List<Object> batch = new ArrayList<>();
        List<ComparisonEvent> built = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        long aggregatedAt = System.nanoTime();
        // Wakes often enough to write the aggregates on time, but not more than five times a second.
        long pollNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(200), aggregateIntervalNanos);
        boolean last = false;
        while (!last) {
            try {
                last = closed && queue.isEmpty();
                Object first = last ? null : queue.poll(pollNanos, TimeUnit.NANOSECONDS);
                long now = System.nanoTime();
                // The aggregates go out once per interval, and a last time when the log closes.
                boolean aggregatesDue = last || now - aggregatedAt >= aggregateIntervalNanos;
                if (first == null && !aggregatesDue) {
                    continue;
                }
                if (first != null) {
                    batch.add(first);
                    if (!closed && queue.size() < 1000) {
                        // Let a batch gather: while this thread sleeps, publishing wakes no thread, so a
                        // burst of writes costs the application one wake-up per batch, not one per event.
                        Thread.sleep(BATCH_LINGER_MILLIS);
                    }
                    queue.drainTo(batch);
                }
                bytes.reset();
                DatabaseNames a = DatabaseNames.of(aUrl.get());
                DatabaseNames b = DatabaseNames.of(bUrl.get());
                for (Object item : batch) {
                    if (item instanceof ComparisonEvent e) {
                        built.add(e);
                    } else {
                        // Built here, off the application's thread; listeners see them before they are written.
                        Observation o = (Observation) item;
                        try {
                            o.events(e -> {
                                ComparisonEvent m = masked(e);
                                notifyListeners(m);
                                built.add(m);
                            });
                        } catch (RuntimeException e) {
                            dropped.addAndGet(o.count());
                            LOG.warn("cannot build comparison events: {}", e.toString());
                        }
                    }
                }
                if (aggregatesDue) {
                    aggregatedAt = now;
                    aggregates.drain(System.currentTimeMillis(), e -> {
                        ComparisonEvent m = masked(e);
                        notifyListeners(m, true);
                        built.add(m);
                    });
                }
                if (built.isEmpty()) {
                    // An interval without aggregates: nothing to append (no file made for nothing).
                    continue;
                }
                for (ComparisonEvent e : built) {
                    write(out, e, a, b);
                }
                out.flush();
                // One append per batch: a rollover or a reopen after logrotate falls between batches.
                target.append(bytes.toByteArray());
                written.addAndGet(built.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = true;
            } catch (IOException | RuntimeException e) {
                dropped.addAndGet(Math.max(batch.size(), built.size()));
                LOG.warn("cannot write comparison log {}: {}", file, e.toString());
            } finally {
                batch.clear();
                built.clear();
            }
        }
        try {
            target.close();
        } catch (IOException ignored) {
            // nothing left to do at shutdown
        }
    }

    /**
     * Writes one event as one JSON line (the format documented in docs/comparison-log.md), without
     * the sides' {@code db.system.name} and {@code db.namespace} (the log file has them).
     */
    public static void write(Writer out, ComparisonEvent e) throws IOException {
        write(out, e, DatabaseNames.UNKNOWN, DatabaseNames.UNKNOWN);
    }

    /** Writes one event as one JSON line, naming each side's database as given. */
    public static void write(Writer out, ComparisonEvent e, DatabaseNames aNames, DatabaseNames bNames) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(e.epochMillis()).toString());
            g.writeStringField("kind", e.kind());
            g.writeStringField("phase", e.phase());
            g.writeStringField("outcome", e.outcome().value());
            if (e.reason() != null) {
                g.writeStringField("reason", e.reason());
            }
            if (e.count() != 1) {
                g.writeNumberField("count", e.count());
            }
            g.writeStringField("fingerprint", e.fingerprint());
            g.writeStringField("sql", e.sql());
            if (e.a().sql() != null || e.b().sql() != null) {
                g.writeBooleanField("translated", true);
            }
            if (e.params() != null) {
                g.writeArrayFieldStart("params");
                for (Object p : e.params()) {
                    writeValue(g, p);
                }
                g.writeEndArray();
            }
            side(g, "a", e.a(), aNames);
            side(g, "b", e.b(), bNames);
            g.writeArrayFieldStart("tables");
            for (String t : e.tables()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeStringField("tx", e.tx());
            g.writeBooleanField("nondeterministic", !e.nondeterministic().isEmpty());
            if (!e.nondeterministic().isEmpty()) {
                g.writeArrayFieldStart("nondeterministic_functions");
                for (String f : e.nondeterministic()) {
                    g.writeString(f);
                }
                g.writeEndArray();
            }
            if (e.diff() != null) {
                g.writeObjectFieldStart("diff");
                for (Map.Entry<String, Object> d : e.diff().entrySet()) {
                    g.writeFieldName(d.getKey());
                    // Rows in a diff are objects (key, values) and lists of them.
                    writeAny(g, d.getValue());
                }
                g.writeEndObject();
            }
            if (e.change() != null) {
                g.writeFieldName("change");
                writeMap(g, e.change());
            }
            if (e.http() != null) {
                g.writeFieldName("http");
                writeMap(g, e.http());
            }
            if (e.request() != null) {
                g.writeObjectFieldStart("request");
                g.writeStringField("id", e.request().id());
                g.writeStringField("method", e.request().method());
                g.writeStringField("path", e.request().path());
                g.writeEndObject();
            }
            if (e.trace() != null) {
                g.writeStringField("trace_id", e.trace().traceId());
                g.writeStringField("span_id", e.trace().spanId());
            }
            if (STATEMENT_KINDS.contains(e.kind()) && e.sql() != null) {
                // OpenTelemetry's database names, beside ours, for tools that read those.
                g.writeStringField("db.query.text", e.sql());
                String operation = operationName(e.sql());
                if (operation != null) {
                    g.writeStringField("db.operation.name", operation);
                }
                if (e.tables().size() == 1) {
                    g.writeStringField("db.collection.name", e.tables().get(0));
                }
            }
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static final java.util.Set<String> STATEMENT_KINDS = java.util.Set.of("read", "write", "commit");

    /** The statement's first keyword in upper case ({@code SELECT}, {@code INSERT}, ...), leading comments and parentheses skipped. */
    static String operationName(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i == start ? null : sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
    }

    private static void side(JsonGenerator g, String name, SideResult s, DatabaseNames names) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField(s.rows() ? "rows" : "count", s.count());
        g.writeNumberField("ms", s.millis());
        if (s.error() != null) {
            g.writeStringField("error", s.error());
        } else {
            g.writeNullField("error");
        }
        if (s.sql() != null) {
            g.writeStringField("sql", s.sql());
        }
        if (names.system() != null) {
            g.writeStringField("db.system.name", names.system());
        }
        if (names.namespace() != null) {
            g.writeStringField("db.namespace", names.namespace());
        }
        g.writeEndObject();
    }

    private static void writeMap(JsonGenerator g, Map<?, ?> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> d : map.entrySet()) {
            g.writeFieldName(String.valueOf(d.getKey()));
            writeAny(g, d.getValue());
        }
        g.writeEndObject();
    }

    private static void writeAny(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            writeMap(g, m);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeAny(g, o);
            }
            g.writeEndArray();
        } else {
            writeValue(g, v);
        }
    }

    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            g.writeNumber(((Number) v).doubleValue());
        } else if (v instanceof BigDecimal d) {
            // A number like the others, with every digit (plain: no exponent).
            g.writeNumber(d.toPlainString());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    /** Writes what is queued and stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
