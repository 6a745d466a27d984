package io.dualaccess.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.dualaccess.route.LagSource;
import io.dualaccess.translate.SchemaMapping;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * One running sync: Debezium's embedded engine reading A's change log for the configured tables
 * (an initial snapshot, then streaming) and a {@link ChangeApplier} writing into B. When the engine
 * fails (A or B unreachable, a change B refuses), it is started again after a back-off from the
 * position stored in B, so nothing is lost and nothing applied twice. Runs on one daemon thread
 * named {@code dualaccess-sync-NAME}.
 */
public final class Sync implements AutoCloseable, LagSource {

    private static final Logger LOG = LoggerFactory.getLogger(Sync.class);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);

    private final SyncSettings settings;
    private final SchemaMapping mapping;
    private final SyncMetrics metrics;
    private final OffsetTable offsets;
    private final String offsetsId = UUID.randomUUID().toString();
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean closing;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ChangeApplier applier;
    private MariaDbBinlogRelay relay;
    private volatile Runnable onClose = () -> { };

    private Sync(SyncSettings settings, SchemaMapping mapping, MeterRegistry registry) {
        this.settings = settings;
        this.mapping = mapping;
        this.metrics = new SyncMetrics(registry, settings.name());
        this.offsets = new OffsetTable(settings.offsetsTable(), settings.name());
        this.thread = new Thread(this::runLoop, "dualaccess-sync-" + settings.name());
        this.thread.setDaemon(true);
    }

    /**
     * Starts a sync on its own thread and returns at once; the thread creates the offsets table in
     * B when missing, then runs the engine (retrying with a back-off while A or B is unreachable).
     */
    public static Sync start(SyncSettings settings, SchemaMapping mapping, MeterRegistry registry) {
        Sync s = new Sync(settings, mapping, registry);
        OffsetsInB.register(s.offsetsId, s.offsets, settings.b());
        SchemaHistoryInB.register(s.offsetsId, settings.schemaHistoryTable(), settings.name(), settings.b());
        s.thread.start();
        return s;
    }

    /** The sync's lag and health. */
    public SyncMetrics metrics() {
        return metrics;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public long lagMillis() {
        return metrics.lagMillis();
    }

    @Override
    public String position() {
        return metrics.position();
    }

    /** Runs when the sync is closed (the runtime's extension stops gating phase changes on it, stops logging it). */
    void whenClosed(Runnable r) {
        Runnable before = onClose;
        onClose = () -> {
            before.run();
            r.run();
        };
    }

    /** The sync's settings. */
    public SyncSettings settings() {
        return settings;
    }

    private void runLoop() {
        Duration backOff = Duration.ofSeconds(1);
        while (!closing) {
            long started = System.nanoTime();
            Throwable failure = runOnce();
            if (closing) {
                break;
            }
            if (failure != null) {
                metrics.error(failure);
                LOG.warn("dualaccess sync {}: stopped ({}); starting again in {} ms from the position stored in B",
                    settings.name(), failure.getMessage(), backOff.toMillis());
            }
            metrics.state("restarting");
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMinutes(1)) > 0) {
                backOff = Duration.ofSeconds(1);
            }
            try {
                Thread.sleep(backOff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backOff = backOff.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff.multipliedBy(2);
        }
        metrics.state("stopped");
        if (relay != null) {
            relay.close();
        }
    }

    /** Runs the engine until it stops; the failure that stopped it, or null. */
    private Throwable runOnce() {
        Properties props;
        try {
            offsets.create(settings.b());
            if (settings.source() == SyncSettings.Source.BINLOG && settings.schemaHistory() == null) {
                SchemaHistoryInB.create(settings.b(), settings.schemaHistoryTable());
            }
            if (settings.mariaDb() && relay == null) {
                relay = MariaDbBinlogRelay.start(settings.aHost(), settings.aPort());
            }
            props = settings.debezium(offsetsId, relay == null ? 0 : relay.port());
        } catch (SQLException | java.io.IOException e) {
            return e;
        }
        Throwable[] failure = new Throwable[1];
        ChangeApplier a = new ChangeApplier(settings.b(), offsets, mapping, metrics);
        DebeziumEngine<RecordChangeEvent<SourceRecord>> e = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(props)
            .notifying(a)
            .using(new DebeziumEngine.ConnectorCallback() {
                @Override
                public void taskStarted() {
                    metrics.state("running");
                }
            })
            .using((success, message, error) -> {
                if (!success) {
                    failure[0] = error != null ? error : new IllegalStateException(message);
                }
            })
            .build();
        synchronized (lock) {
            if (closing) {
                return null;
            }
            engine = e;
            applier = a;
        }
        metrics.state("starting");
        try {
            e.run();
        } catch (RuntimeException ex) {
            failure[0] = ex;
        } finally {
            a.close();
            synchronized (lock) {
                engine = null;
                applier = null;
            }
        }
        return failure[0];
    }

    /** The sync's state for {@code /status}. */
    @Override
    public Map<String, Object> status() {
        return metrics.status();
    }

    /**
     * Stops as a crash would, for tests of restart: B's open transaction is cut off (rolled back
     * by B), then the engine is stopped without anything more reaching B.
     */
    public void kill() {
        onClose.run();
        closing = true;
        ChangeApplier a;
        DebeziumEngine<?> e;
        synchronized (lock) {
            a = applier;
            e = engine;
        }
        if (a != null) {
            a.abort();
        }
        stopEngine(e);
        join();
    }

    /** Stops the engine and waits for its thread. */
    @Override
    public void close() {
        onClose.run();
        closing = true;
        DebeziumEngine<?> e;
        synchronized (lock) {
            e = engine;
        }
        stopEngine(e);
        thread.interrupt();
        join();
    }

    private void stopEngine(DebeziumEngine<?> e) {
        if (e != null) {
            try {
                e.close();
            } catch (Exception ex) {
                LOG.debug("closing the engine failed", ex);
            }
        }
    }

    private void join() {
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        OffsetsInB.unregister(offsetsId);
        SchemaHistoryInB.unregister(offsetsId);
    }
}
