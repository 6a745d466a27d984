package io.dualaccess.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.config.ConfigKey;
import io.dualaccess.config.ConfigType;
import io.dualaccess.config.Masking;
import io.dualaccess.events.EventLog;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.mirror.Mirror;
import io.dualaccess.route.PhaseControl;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.runtime.DualAccessRuntime;
import io.dualaccess.shadow.ShadowReads;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

import java.security.Principal;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code dualaccess} Actuator endpoint: {@code GET /actuator/dualaccess} (status),
 * {@code GET /actuator/dualaccess/mismatches} (latest mismatches and failures, as logged),
 * {@code GET /actuator/dualaccess/phase}, and {@code POST /actuator/dualaccess} with
 * {@code {"phase": "shadow"}} (or {@code reads}, {@code writes}, and {@code table} for a per-table
 * override; {@code "phase": "default"} with a table clears its override) to change the phase.
 *
 * <p>A change needs an authenticated caller: Spring Security's, where the application has it (and
 * its rules for {@code /actuator/**} apply), else a request carrying
 * {@code Authorization: Bearer <dualaccess.admin.token>} ({@link AdminTokenFilter}). Without
 * either, changes are refused (403).
 */
@Endpoint(id = "dualaccess")
public final class DualAccessEndpoint {

    private final DataSourceWrapper wrapper;

    /** @param wrapper what the starter wrapped */
    public DualAccessEndpoint(DataSourceWrapper wrapper) {
        this.wrapper = wrapper;
    }

    /** Status of each wrapped data source: flat for one, by bean name for several. */
    @ReadOperation
    public Map<String, Object> status() {
        return each(this::status);
    }

    /**
     * One part of the status.
     *
     * @param part {@code mismatches} or {@code phase}
     */
    @ReadOperation
    public Object part(@Selector String part) {
        return switch (part) {
            case "mismatches" -> each(h -> Map.of("mismatches", h.recent().latest(50)));
            case "phase" -> each(h -> phase(h.runtime().phaseControl()));
            default -> throw new InvalidEndpointRequestException("no part '" + part + "': use mismatches or phase", "unknown part");
        };
    }

    /**
     * Changes the phase (global, or one table's). Every change becomes a {@code phase} event in
     * the comparison log, naming the caller.
     *
     * @param phase a phase (off, shadow-read, dual-write, shadow, live, rampdown, complete); with
     *              {@code table}, also {@code default} to clear the table's override
     * @param reads a reads axis instead of a phase
     * @param writes a writes axis instead of a phase
     * @param table the table to override, or null for the global axes
     * @param dataSource the DataSource bean, when several are wrapped
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> change(@Nullable String phase, @Nullable String reads, @Nullable String writes,
                                                         @Nullable String table, @Nullable String dataSource,
                                                         SecurityContext security) {
        Principal who = security == null ? null : security.getPrincipal();
        if (who == null) {
            return new WebEndpointResponse<>(Map.of("error", "changing the phase needs an authenticated caller: Spring Security's,"
                + " or Authorization: Bearer <dualaccess.admin.token> (unset token: changes are disabled)"), 403);
        }
        if ((phase == null ? 0 : 1) + (reads == null ? 0 : 1) + (writes == null ? 0 : 1) != 1) {
            throw new InvalidEndpointRequestException("give exactly one of phase, reads, writes", "one of phase, reads, writes");
        }
        DualAccessHandle h = handle(dataSource);
        PhaseControl control = h.runtime().phaseControl();
        String actor = "actuator:" + who.getName();
        try {
            if (table != null && "default".equals(phase)) {
                control.clearTable(table, actor);
            } else if (phase != null) {
                Phase p = (Phase) parse(ConfigType.PHASE, "phase", phase);
                if (table == null) {
                    control.setGlobal(p, actor);
                } else {
                    control.setTable(table, p, actor);
                }
            } else if (reads != null) {
                Reads r = (Reads) parse(ConfigType.READS, "reads", reads);
                if (table == null) {
                    control.setGlobalReads(r, actor);
                } else {
                    control.setTableReads(table, r, actor);
                }
            } else {
                Writes w = (Writes) parse(ConfigType.WRITES, "writes", writes);
                if (table == null) {
                    control.setGlobalWrites(w, actor);
                } else {
                    control.setTableWrites(table, w, actor);
                }
            }
        } catch (IllegalArgumentException | SQLException e) {
            return new WebEndpointResponse<>(Map.of("error", Masking.url(String.valueOf(e.getMessage())),
                "phase", phase(control)), 409);
        }
        return new WebEndpointResponse<>(phase(control), 200);
    }

    private static Object parse(ConfigType type, String name, String text) {
        try {
            return type.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(name + " '" + text + "': " + e.getMessage(), name + " " + e.getMessage());
        }
    }

    private DualAccessHandle handle(String dataSource) {
        List<DualAccessHandle> handles = wrapper.handles();
        for (DualAccessHandle h : handles) {
            if (dataSource == null ? handles.size() == 1 : h.beanName().equals(dataSource)) {
                return h;
            }
        }
        throw new InvalidEndpointRequestException("dataSource must name one of "
            + handles.stream().map(DualAccessHandle::beanName).toList(), "dataSource");
    }

    private Map<String, Object> each(Function<DualAccessHandle, Map<String, Object>> view) {
        List<DualAccessHandle> handles = wrapper.handles();
        if (handles.size() == 1) {
            return view.apply(handles.get(0));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (DualAccessHandle h : handles) {
            out.put(h.beanName(), view.apply(h));
        }
        return out;
    }

    private static Map<String, Object> phase(PhaseControl control) {
        PhaseControl.Status st = control.status();
        PhaseSnapshot s = st.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("phase", s.phaseName());
        out.put("reads", s.reads().configValue());
        out.put("writes", s.writes().configValue());
        Map<String, Object> tables = new LinkedHashMap<>();
        s.tables().keySet().forEach(t -> tables.put(t, Map.of("reads", s.reads(t).configValue(), "writes", s.writes(t).configValue())));
        out.put("tables", tables);
        out.put("version", s.version());
        out.put("changed_by", s.actor());
        out.put("control_table", st.controlTable());
        out.put("last_poll", st.lastPoll() == null ? null : st.lastPoll().toString());
        out.put("problem", st.problem());
        return out;
    }

    private Map<String, Object> status(DualAccessHandle h) {
        DualAccessRuntime rt = h.runtime();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runtime", rt.name());
        out.put("data_source", h.beanName());
        out.put("started", rt.started());
        out.put("phase", phase(rt.phaseControl()));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("url", Masking.url(rt.config().bUrl()));
        b.put("pool", pool(rt.bPool()));
        if (rt.bReadPool() != null) {
            b.put("read_pool", pool(rt.bReadPool()));
        }
        out.put("b", b);
        if (h.aShadow() != null) {
            out.put("a_shadow_pool", pool(h.aShadow().pool()));
        }
        Mirror m = rt.mirror();
        out.put("breaker", m == null ? "inactive" : m.breaker().getState().name().toLowerCase(Locale.ROOT));
        ShadowReads reads = rt.shadowReads();
        Map<String, Object> shadow = new LinkedHashMap<>();
        shadow.put("active", reads != null);
        shadow.put("queue", reads == null ? 0 : reads.depth());
        shadow.put("dropped", reads == null ? 0 : reads.dropped());
        out.put("shadow", shadow);
        out.put("comparisons", h.recent().counts());
        DivergenceJournal j = rt.journal();
        out.put("journal", j == null ? Map.of("entries", 0, "failures", 0)
            : Map.of("entries", j.entries(), "failures", j.failures(), "file", String.valueOf(rt.config().text(ConfigKey.JOURNAL_FILE))));
        EventLog e = rt.events();
        out.put("events", e == null ? Map.of("written", 0, "dropped", 0)
            : Map.of("written", e.written(), "dropped", e.dropped(), "queue", e.depth(), "file", e.file().toString()));
        return out;
    }

    private static Map<String, Object> pool(HikariDataSource p) {
        if (p == null || p.getHikariPoolMXBean() == null) {
            return Map.of("started", false);
        }
        return Map.of("name", p.getPoolName(), "active", p.getHikariPoolMXBean().getActiveConnections(),
            "idle", p.getHikariPoolMXBean().getIdleConnections(), "waiting", p.getHikariPoolMXBean().getThreadsAwaitingConnection(),
            "max", p.getMaximumPoolSize());
    }
}
