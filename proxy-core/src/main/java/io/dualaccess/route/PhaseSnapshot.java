package io.dualaccess.route;

import io.dualaccess.Phase;
import io.dualaccess.Reads;
import io.dualaccess.Writes;
import io.dualaccess.sql.SqlClassifier;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What dualaccess does, at one moment: the global reads and writes axes and the per-table
 * overrides. Immutable; a connection pins one for a whole transaction (or one autocommit statement)
 * and asks it, per statement, whether to mirror and whether to shadow.
 *
 * <p>Every table is answered by the global authoritative side: an override may change whether a
 * table is mirrored or shadowed, never which side answers it (see {@link #validate()}).
 */
public final class PhaseSnapshot {

    private final Reads reads;
    private final Writes writes;
    private final Map<String, TableAxes> tables;
    private final long version;
    private final String actor;
    private final Instant changedAt;
    private final boolean anyMirrored;
    private final boolean anyShadowed;
    /** The preset of the global axes (or null), and its name: asked for every event, decided once. */
    private final Phase phase;
    private final String phaseName;

    private PhaseSnapshot(Reads reads, Writes writes, Map<String, TableAxes> tables, long version, String actor, Instant changedAt) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.tables = tables;
        this.version = version;
        this.actor = actor;
        this.changedAt = changedAt;
        boolean m = writes.mirrored();
        boolean s = reads.shadowed();
        for (TableAxes t : tables.values()) {
            m |= t.writes() != null && t.writes().mirrored();
            s |= t.reads() != null && t.reads().shadowed();
        }
        this.anyMirrored = m;
        this.anyShadowed = s;
        this.phase = presetOf(reads, writes);
        this.phaseName = phase != null ? phase.configValue() : "reads=" + reads + ",writes=" + writes;
    }

    /**
     * A snapshot from global axes and overrides (table names are matched case-insensitively).
     *
     * @param actor who made it (a user, "config", "control-table")
     */
    public static PhaseSnapshot of(Reads reads, Writes writes, Map<String, TableAxes> tables, long version, String actor) {
        Map<String, TableAxes> t = new TreeMap<>();
        for (Map.Entry<String, TableAxes> e : tables.entrySet()) {
            if (e.getValue() != null && !e.getValue().empty()) {
                t.put(normalise(e.getKey()), e.getValue());
            }
        }
        return new PhaseSnapshot(reads, writes, Collections.unmodifiableMap(t), version, actor, Instant.now());
    }

    /** Table names as dualaccess compares them: lower case, without quotes. */
    public static String normalise(String table) {
        String t = Objects.requireNonNull(table, "table").trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a table name is required");
        }
        return SqlClassifier.normalise(t).toLowerCase(Locale.ROOT);
    }

    /** The global reads axis. */
    public Reads reads() {
        return reads;
    }

    /** The global writes axis. */
    public Writes writes() {
        return writes;
    }

    /** The phase whose preset the global axes are, or null when they are set separately to no preset. */
    public Phase phase() {
        return phase;
    }

    /** The global phase's name, or {@code reads=…,writes=…} when the axes match no preset. */
    public String phaseName() {
        return phaseName;
    }

    /** The preset with exactly these axes, or null. */
    public static Phase presetOf(Reads reads, Writes writes) {
        for (Phase p : Phase.values()) {
            if (p.reads() == reads && p.writes() == writes) {
                return p;
            }
        }
        return null;
    }

    /** Per-table overrides by lower-case table name (unmodifiable, sorted). */
    public Map<String, TableAxes> tables() {
        return tables;
    }

    /** Counts the changes this process applied (0 for the configured start). */
    public long version() {
        return version;
    }

    /** Who made the last change. */
    public String actor() {
        return actor;
    }

    /** When this snapshot was made. */
    public Instant changedAt() {
        return changedAt;
    }

    /** Whether B answers the application (every table follows the global side). */
    public boolean bAuthoritative() {
        return writes.bAuthoritative();
    }

    /** The effective reads axis of a table. */
    public Reads reads(String table) {
        TableAxes t = tables.isEmpty() ? null : lookup(table);
        return t == null || t.reads() == null ? reads : t.reads();
    }

    /** The effective writes axis of a table. */
    public Writes writes(String table) {
        TableAxes t = tables.isEmpty() ? null : lookup(table);
        return t == null || t.writes() == null ? writes : t.writes();
    }

    private TableAxes lookup(String table) {
        TableAxes t = tables.get(table);
        if (t == null && table.indexOf('.') >= 0) {
            t = tables.get(table.substring(table.lastIndexOf('.') + 1));
        }
        return t;
    }

    /**
     * Whether a write touching these tables is mirrored: when one of them is (as with
     * {@code dualaccess.tables.include}); the global axis when the tables are unknown.
     */
    public boolean mirrors(List<String> statementTables) {
        if (tables.isEmpty() || statementTables.isEmpty()) {
            return writes.mirrored();
        }
        for (String t : statementTables) {
            if (writes(t).mirrored()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a read of these tables is replayed on the shadow side: only when every one of them
     * is (the replay needs them all there); the global axis when the tables are unknown.
     */
    public boolean shadows(List<String> statementTables) {
        if (tables.isEmpty() || statementTables.isEmpty()) {
            return reads.shadowed();
        }
        for (String t : statementTables) {
            if (!reads(t).shadowed()) {
                return false;
            }
        }
        return true;
    }

    /** Whether any table (or the global axis) is mirrored. */
    public boolean anyMirrored() {
        return anyMirrored;
    }

    /** Whether any table (or the global axis) is shadowed. */
    public boolean anyShadowed() {
        return anyShadowed;
    }

    /** Whether anything in this snapshot touches B. */
    public boolean usesB() {
        if (reads.usesB() || writes.usesB()) {
            return true;
        }
        for (TableAxes t : tables.values()) {
            if (t.reads() != null && t.reads().usesB() || t.writes() != null && t.writes().usesB()) {
                return true;
            }
        }
        return false;
    }

    /** Whether two snapshots route every statement alike (version, actor and time aside). */
    public boolean sameRouting(PhaseSnapshot other) {
        return other != null && reads == other.reads && writes == other.writes && tables.equals(other.tables);
    }

    /** The reason this snapshot cannot be served, or null when it can. */
    public String problem() {
        if (reads.bAuthoritative() != writes.bAuthoritative()) {
            return "reads=" + reads + " and writes=" + writes + " are answered by different sides; one connection serves"
                + " both from one side, so the axes must start with the same side (a… with a…, b… with b…)";
        }
        boolean b = writes.bAuthoritative();
        for (Map.Entry<String, TableAxes> e : tables.entrySet()) {
            Reads r = reads(e.getKey());
            Writes w = writes(e.getKey());
            if (r.bAuthoritative() != b || w.bAuthoritative() != b) {
                return "table " + e.getKey() + " would be answered by " + (b ? "A" : "B") + " (reads=" + r + ", writes=" + w
                    + ") while every other table is answered by " + (b ? "B" : "A") + " (phase " + phaseName() + "); a"
                    + " transaction touching it and another table would then span two databases without a common commit,"
                    + " so a per-table override may change what is mirrored or shadowed, never which side answers (use "
                    + (b ? "live, rampdown or complete" : "off, shadow-read, dual-write or shadow") + " for it, or clear it)";
            }
        }
        return null;
    }

    /** Throws {@link IllegalArgumentException} with {@link #problem()} when this snapshot cannot be served. */
    public PhaseSnapshot validate() {
        String p = problem();
        if (p != null) {
            throw new IllegalArgumentException("dualaccess: refused phase change: " + p);
        }
        return this;
    }

    /** A copy with other global axes. */
    public PhaseSnapshot withGlobal(Reads r, Writes w, long newVersion, String by) {
        return new PhaseSnapshot(r, w, tables, newVersion, by, Instant.now());
    }

    /** A copy with a table's override replaced (an empty override clears it). */
    public PhaseSnapshot withTable(String table, TableAxes axes, long newVersion, String by) {
        Map<String, TableAxes> t = new TreeMap<>(tables);
        if (axes == null || axes.empty()) {
            t.remove(normalise(table));
        } else {
            t.put(normalise(table), axes);
        }
        return new PhaseSnapshot(reads, writes, Collections.unmodifiableMap(t), newVersion, by, Instant.now());
    }

    /** Table overrides a log line names; past them it gives their count (a control table may hold thousands of rows). */
    public static final int SHOWN_TABLES = 20;

    /** {@code shadow} or {@code shadow [orders: reads=a]}; at most {@link #SHOWN_TABLES} overrides, then how many more. */
    @Override
    public String toString() {
        if (tables.isEmpty()) {
            return phaseName();
        }
        StringBuilder b = new StringBuilder(phaseName()).append(" [");
        boolean first = true;
        int shown = 0;
        for (Map.Entry<String, TableAxes> e : tables.entrySet()) {
            if (shown++ == SHOWN_TABLES) {
                b.append("; … ").append(tables.size() - SHOWN_TABLES).append(" more of ").append(tables.size()).append(" overrides");
                break;
            }
            b.append(first ? "" : "; ").append(e.getKey()).append(':');
            TableAxes t = e.getValue();
            Phase p = t.reads() != null && t.writes() != null ? presetOf(t.reads(), t.writes()) : null;
            if (p != null) {
                b.append(' ').append(p.configValue());
            } else {
                if (t.reads() != null) {
                    b.append(" reads=").append(t.reads());
                }
                if (t.writes() != null) {
                    b.append(" writes=").append(t.writes());
                }
            }
            first = false;
        }
        return b.append(']').toString();
    }
}
