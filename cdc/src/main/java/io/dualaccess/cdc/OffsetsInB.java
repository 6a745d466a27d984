package io.dualaccess.cdc;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Debezium's offset store for a sync: at start it reads the positions that {@link ChangeApplier}
 * wrote into B with the changes; the engine's own flushes stay in memory (they only make the
 * connector confirm the position to A, such as PostgreSQL's slot). So the position a restart
 * resumes from is exactly the last B transaction that committed.
 *
 * <p>The engine creates this class by name; it finds its sync's {@link OffsetTable} under the
 * id given in the engine property {@value #ID_PROPERTY}.
 */
public final class OffsetsInB extends MemoryOffsetBackingStore {

    /** The engine property naming the registered offset table. */
    public static final String ID_PROPERTY = "dualaccess.offsets.id";

    /** A registered sync's offsets: where to read them, and the engine name keys carry. */
    record Registration(OffsetTable table, io.dualaccess.source.ConnectionSource b) {
    }

    private static final Map<String, Registration> REGISTERED = new ConcurrentHashMap<>();

    private Registration registration;
    private Map<String, String> stored = Map.of();

    /** Called by the engine. */
    public OffsetsInB() {
    }

    static void register(String id, OffsetTable table, io.dualaccess.source.ConnectionSource b) {
        REGISTERED.put(id, new Registration(table, b));
    }

    static void unregister(String id) {
        REGISTERED.remove(id);
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Object id = config.originals().get(ID_PROPERTY);
        registration = id == null ? null : REGISTERED.get(id.toString());
        if (registration == null) {
            throw new IllegalStateException("dualaccess: offset store started without a registered sync (" + ID_PROPERTY + " = " + id + ")");
        }
    }

    @Override
    public synchronized void start() {
        super.start();
        try {
            stored = registration.table().load(registration.b());
        } catch (SQLException e) {
            throw new IllegalStateException("dualaccess: cannot read the sync's offsets from B: " + e.getMessage(), e);
        }
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> out = new HashMap<>();
        for (ByteBuffer key : keys) {
            ByteBuffer inMemory = data.get(key);
            if (inMemory != null) {
                out.put(key, inMemory);
                continue;
            }
            String partition = partitionOf(key);
            String offset = partition == null ? null : stored.get(partition);
            out.put(key, offset == null ? null : ByteBuffer.wrap(offset.getBytes(StandardCharsets.UTF_8)));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        Set<Map<String, Object>> out = new HashSet<>();
        for (String p : stored.keySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) OffsetTable.parse(p.getBytes(StandardCharsets.UTF_8));
            out.add(m);
        }
        return out;
    }

    @Override
    protected void save() {
        // nothing: B already holds what was applied
    }

    /** The engine's key is the JSON array [engine name, partition]; B stores the partition alone. */
    private static String partitionOf(ByteBuffer key) {
        ByteBuffer k = key.duplicate();
        byte[] bytes = new byte[k.remaining()];
        k.get(bytes);
        Object parsed;
        try {
            parsed = OffsetTable.parse(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (parsed instanceof List<?> l && l.size() == 2) {
            return OffsetTable.json(l.get(1));
        }
        return null;
    }
}
