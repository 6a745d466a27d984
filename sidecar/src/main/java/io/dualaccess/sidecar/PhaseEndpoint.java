package io.dualaccess.sidecar;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dualaccess.InvalidConfigurationException;
import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.route.PhaseControl;
import io.dualaccess.route.PhaseSnapshot;
import io.dualaccess.route.TableAxes;
import io.dualaccess.runtime.DualAccessRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The phase part of {@code /status}, and {@code POST /phase} (through the runtime's {@link PhaseControl}). */
final class PhaseEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseEndpoint.class);
    /** Table overrides {@code /status} lists; {@code tables_total} counts them all. */
    static final int SHOWN_TABLES = 100;
    /** SQLState "object not in prerequisite state": PhaseControl refuses a change that may succeed later. */
    private static final String NOT_NOW = "55000";

    private static final Set<String> FIELDS = Set.of("table", "phase", "reads", "writes", "clear");

    /**
     * Strict JSON: a key given twice is refused (else the last would silently win), and so is
     * anything after the object.
     */
    private static final ObjectReader STRICT = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .reader()
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final DualAccessRuntime runtime;

    PhaseEndpoint(DualAccessRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * A request body as one JSON object.
     *
     * @throws IOException when it is not exactly one JSON object (duplicate keys, trailing content, other JSON)
     */
    static JsonNode parse(byte[] body) throws IOException {
        JsonNode node = STRICT.readTree(body);
        if (node == null || node.isMissingNode()) {
            throw new JsonParseException(null, "the body is empty");
        }
        if (!node.isObject()) {
            throw new JsonParseException(null, "the body is JSON but not an object");
        }
        return node;
    }

    /** What was wrong with a body, in one line and without echoing it. */
    static String describe(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        String line = m.lines().findFirst().orElse(m);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** What a phase request answers. */
    record Result(int status, Object body) {
    }

    void describe(Map<String, Object> out) {
        PhaseControl control = runtime.phaseControl();
        PhaseSnapshot s = control.current();
        out.put("phase", s.phase() == null ? null : s.phase().configValue());
        out.put("reads", s.reads().configValue());
        out.put("writes", s.writes().configValue());
        Map<String, Object> tables = new LinkedHashMap<>();
        // A control table may hold any number of rows: /status carries their count and the first ones.
        out.put("tables_total", s.tables().size());
        for (Map.Entry<String, TableAxes> t : s.tables().entrySet()) {
            if (tables.size() == SHOWN_TABLES) {
                break;
            }
            Reads r = s.reads(t.getKey());
            Writes w = s.writes(t.getKey());
            Phase preset = PhaseSnapshot.presetOf(r, w);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", preset == null ? null : preset.configValue());
            m.put("reads", r.configValue());
            m.put("writes", w.configValue());
            m.put("reads_overridden", t.getValue().reads() != null);
            m.put("writes_overridden", t.getValue().writes() != null);
            tables.put(t.getKey(), m);
        }
        out.put("tables", tables);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("version", s.version());
        change.put("by", s.actor());
        change.put("at", s.changedAt() == null ? null : s.changedAt().toString());
        PhaseControl.Status st = control.status();
        change.put("control_table", st.controlTable());
        change.put("last_poll", st.lastPoll() == null ? null : st.lastPoll().toString());
        change.put("problem", st.problem());
        change.put("pending_writes", st.pendingWrites());
        out.put("phase_control", change);
    }

    private Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        describe(out);
        return out;
    }

    /**
     * Applies {@code {"phase":…}}, {@code {"reads":…}}, {@code {"writes":…}} globally, or with
     * {@code "table"} for one table, or {@code {"table":…,"clear":true}}.
     */
    Result apply(JsonNode request, String actor) {
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                return bad(400, "unknown field '" + (f.length() > 40 ? f.substring(0, 40) + "…" : f)
                    + "'; expected table, phase, reads, writes or clear");
            }
            JsonNode v = request.get(f);
            if (f.equals("clear") ? !v.isBoolean() : !(v.isTextual() || v.isNull())) {
                return bad(400, f + " must be " + (f.equals("clear") ? "true or false" : "a string"));
            }
        }
        String table = text(request, "table");
        boolean clear = request.path("clear").asBoolean(false);
        Phase phase;
        Reads reads;
        Writes writes;
        try {
            phase = parse(request, "phase", Phase::fromConfigValue, Phase.values(), Phase::configValue);
            reads = parse(request, "reads", Reads::fromConfigValue, Reads.values(), Reads::configValue);
            writes = parse(request, "writes", Writes::fromConfigValue, Writes.values(), Writes::configValue);
        } catch (IllegalArgumentException e) {
            return bad(400, e.getMessage());
        }
        int asked = (phase != null ? 1 : 0) + (reads != null || writes != null ? 1 : 0) + (clear ? 1 : 0);
        if (asked != 1) {
            return bad(400, "give exactly one of: phase, reads and/or writes, or (with table) clear");
        }
        if (clear && table == null) {
            return bad(400, "clear needs a table");
        }
        if (phase == null && reads != null && writes != null) {
            phase = PhaseSnapshot.presetOf(reads, writes);
            if (phase != null) {
                reads = null;
                writes = null;
            }
        }
        PhaseControl control = runtime.phaseControl();
        PhaseSnapshot before = control.current();
        String what = describe(table, phase, reads, writes, clear);
        try {
            if (table == null) {
                if (phase != null) {
                    control.setGlobal(phase, actor);
                } else {
                    if (writes != null) {
                        control.setGlobalWrites(writes, actor);
                    }
                    if (reads != null) {
                        control.setGlobalReads(reads, actor);
                    }
                }
            } else if (clear) {
                control.clearTable(table, actor);
            } else if (phase != null) {
                control.setTable(table, phase, actor);
            } else {
                if (writes != null) {
                    control.setTableWrites(table, writes, actor);
                }
                if (reads != null) {
                    control.setTableReads(table, reads, actor);
                }
            }
        } catch (IllegalArgumentException | InvalidConfigurationException e) {
            LOG.warn("admin phase change refused ({} by {}): {}", what, actor, e.getMessage());
            return bad(409, e.getMessage());
        } catch (SQLException e) {
            if (NOT_NOW.equals(e.getSQLState())) {
                // a refusal that time may lift (a sync still behind, a closing runtime): not a sick B
                LOG.warn("admin phase change refused ({} by {}): {}", what, actor, e.getMessage());
                return bad(409, e.getMessage());
            }
            LOG.warn("admin phase change failed ({} by {}): {}", what, actor, e.getMessage());
            return bad(503, "the change could not be prepared, nothing changed: " + e.getMessage());
        }
        PhaseSnapshot after = control.current();
        LOG.info("admin phase change by {}: {} (phase {} -> {})", actor, what, before, after);
        Map<String, Object> body = view();
        body.put("applied", what);
        return new Result(200, body);
    }

    private static String describe(String table, Phase phase, Reads reads, Writes writes, boolean clear) {
        StringBuilder b = new StringBuilder(table == null ? "global" : "table " + table);
        if (clear) {
            b.append(" cleared");
        }
        if (phase != null) {
            b.append(" phase=").append(phase.configValue());
        }
        if (reads != null) {
            b.append(" reads=").append(reads.configValue());
        }
        if (writes != null) {
            b.append(" writes=").append(writes.configValue());
        }
        return b.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static <T> T parse(JsonNode n, String field, Function<String, T> of, T[] values, Function<T, String> name) {
        String v = text(n, field);
        if (v == null) {
            return null;
        }
        T t = of.apply(v);
        if (t == null) {
            throw new IllegalArgumentException(field + " '" + v + "' is not one of "
                + String.join(", ", Arrays.stream(values).map(name).toList()));
        }
        return t;
    }

    private static Result bad(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return new Result(status, body);
    }
}
