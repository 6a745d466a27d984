package io.dualaccess.sidecar;

import io.dualaccess.route.LagSource;

import java.util.LinkedHashMap;
import java.util.Map;

/** A lag source with the values a test sets, in the shape the cdc module's Sync reports. */
final class FixedLag implements LagSource {

    volatile long lag;
    volatile String position = "{\"lsn\":123456}";
    volatile long events;
    volatile long errors;
    volatile String lastError;

    FixedLag(long lag, long events, long errors, String lastError) {
        this.lag = lag;
        this.events = events;
        this.errors = errors;
        this.lastError = lastError;
    }

    @Override
    public String name() {
        return "orders_sync";
    }

    @Override
    public long lagMillis() {
        return lag;
    }

    @Override
    public String position() {
        return position;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("state", "running");
        m.put("position", position);
        m.put("lag_ms", lag);
        m.put("snapshotting", false);
        m.put("lag_p50_ms", 12.0);
        m.put("lag_p99_ms", Double.NaN);
        m.put("snapshot_rows", 1000L);
        m.put("events", events);
        m.put("transactions", events / 2);
        m.put("errors", errors);
        m.put("last_error", lastError);
        return m;
    }
}
