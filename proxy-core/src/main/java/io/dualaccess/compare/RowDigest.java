package io.dualaccess.compare;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The digest of one result, fed a row at a time as the result is read: the row count, an
 * order-sensitive hash, an order-insensitive (multiset) hash, and the first {@code keepRows}
 * canonical rows for the diff. No second pass over the result and no copy of it: memory is the
 * kept rows, whatever the result size.
 *
 * <p>Each row is normalised ({@link ValueNormalizer}) and hashed to 128 bits ({@code RowHasher}).
 * The ordered hash chains row hashes through a bijective mixer, so the same rows in another order
 * hash differently. The multiset hash is the sum (mod 2^64, per 64-bit lane) of the row hashes:
 * addition commutes, so order does not matter, and it counts multiplicity, so {a,a,b} differs from
 * {a,b,b}. (XOR would not: a duplicated pair of rows cancels out.)
 *
 * <p>Columns named in {@code ignore-columns} are neither read, hashed nor kept. Call
 * {@link #markComplete()} when the result was read to its end, and {@link #snapshot()} for the
 * immutable {@link ResultDigest} that crosses to the comparison.
 *
 * <p>Runs on the application's thread: after the kept rows, a row is hashed straight from the
 * result ({@code HashOnlyRow}): integers and doubles through their primitive getters, the usual
 * value types without their canonical objects, so a row costs what the driver's getters allocate
 * (and the text of each double); no reflection. Not thread-safe.
 */
public final class RowDigest {

    /** Rows kept for the diff unless configured otherwise ({@code dualaccess.compare.keep-rows}). */
    public static final int DEFAULT_KEEP_ROWS = 20;

    private static final long ORDERED_SEED1 = 0x6a09e667f3bcc908L;
    private static final long ORDERED_SEED2 = 0xbb67ae8584caa73bL;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private final NormalizationRules rules;
    /** Made when a value first needs it (see {@link #normalizer()}). */
    private ValueNormalizer normalizer;
    /** Where {@link HashOnlyRow} works out a double's digits: the buffer of the thread that last hashed here. */
    private RoundedDouble rounded;
    private Thread roundedThread;
    private final RowHasher hasher;
    private final Shape shape;
    private final int width;
    private final int[] source;
    private final int[] sqlTypes;
    private final String[] typeNames;
    private final List<String> labels;
    private final int[] columnRules;
    private final int keepRows;
    // The kept rows, flat: row i's compared column j is slot i * width + j of these arrays (capacity
    // for keptCapacity rows, grown 1, 4, 16, ... up to keepRows). A slot's kind says where its value
    // is: a canonical value or a driver's value (to normalise) in keptValues, or a long, a double's
    // bits or a Timestamp's getTime() in keptBits (its getNanos() in keptNanos), read with the
    // primitive getters ({@link #addLeaving}). No object per kept row; recycled with the digest.
    private int keptCount;
    private int keptCapacity;
    private Object[] keptValues;
    private byte[] keptKinds;
    private long[] keptBits;
    private int[] keptNanos;
    /** What this digest's reader hung on it ({@link #attachment()}), kept when the digest is recycled. */
    private Object attachment;
    /** The order keys {@link #tiesBy} last resolved, and what they resolved to: a recycled digest given the same list reuses them. */
    private List<String> resolvedOrderKeys;
    private int[] resolvedTieKeys;
    private List<String> resolvedTieLabels;
    /** The row array reused past the kept rows by {@link #add(Object[])}; made when first needed. */
    private Object[] scratch;
    private long rowCount;
    /** The last kept rows read by {@link #add(RowSource)} but not hashed yet ({@link #hashKept}). */
    private int unhashed;
    private long ordered1 = ORDERED_SEED1;
    private long ordered2 = ORDERED_SEED2;
    private long multiset1;
    private long multiset2;
    private boolean complete;
    /** The ORDER BY keys as compared columns (0-based), when rows tied on them compare as a multiset; else null. */
    private int[] tieKeys;
    private List<String> tieLabels = List.of();
    /** Why ties compare in strict order although the read is ordered (a key could not be resolved), or null. */
    private String strictReason;
    /** The key values of the tie group being read; null before the first row. */
    private Object[] groupKey;
    /** The current row's key values past the kept rows, reused row after row (copied when a group starts). */
    private Object[] keyScratch;
    /** Past the kept rows, a key of integer columns as longs (and which are NULL), reused row after row. */
    private long[] longKey;
    private boolean[] longKeyNull;
    /** Whether the tie keys are read as longs past the kept rows: 0 not decided yet, 1 yes, 2 no. */
    private byte longTieKeys;
    /** The tie group's key when it began on such a row ({@code groupLong}); else {@code groupKey} holds it. */
    private long[] groupLongKey;
    private boolean[] groupLongNull;
    private boolean groupLong;
    private long group1;
    private long group2;
    private long groupRows;

    /**
     * @param rules the rules to normalise by (both sides of a comparison need equal rules)
     * @param columns every column of the result, in order, ignored ones included
     * @param keepRows how many leading rows to keep for the diff (0 or more)
     */
    public RowDigest(NormalizationRules rules, List<Column> columns, int keepRows) {
        this(rules, labels(columns), columns.stream().mapToInt(Column::sqlType).toArray(),
            columns.stream().map(Column::typeName).toArray(String[]::new), keepRows);
    }

    private RowDigest(NormalizationRules rules, String[] allLabels, int[] allTypes, String[] allTypeNames, int keepRows) {
        this(new Shape(rules, allLabels, allTypes, allTypeNames), keepRows);
    }

    // Made once per compared read on the application's thread: the shape (arrays from the
    // metadata) may be shared by every read of a statement; the per-row helpers are made only when
    // a row needs them.
    private RowDigest(Shape shape, int keepRows) {
        if (keepRows < 0) {
            throw new IllegalArgumentException("keep-rows must be 0 or more, not " + keepRows);
        }
        this.shape = shape;
        this.rules = shape.rules;
        this.hasher = new RowHasher(rules.numbers());
        this.width = shape.width;
        this.source = shape.source;
        this.sqlTypes = shape.sqlTypes;
        this.typeNames = shape.typeNames;
        this.labels = shape.labels;
        this.columnRules = new int[source.length];
        this.keepRows = keepRows;
    }

    /** Kinds of a kept slot. */
    private static final byte CANONICAL = 0;
    private static final byte DRIVER = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte TIMESTAMP = 4;

    /** Kept slots (rows × compared columns) a recycled digest holds on to at most: about 4 KB. */
    static final int MAX_RECYCLED_SLOTS = 256;

    /** Back to a digest with no row, for another read of the same shape; what it allocated stays. */
    private void reset() {
        Arrays.fill(columnRules, 0);
        normalizer = null;
        keptCount = 0;
        rowCount = 0;
        unhashed = 0;
        ordered1 = ORDERED_SEED1;
        ordered2 = ORDERED_SEED2;
        multiset1 = 0;
        multiset2 = 0;
        complete = false;
        tieKeys = null;
        tieLabels = List.of();
        strictReason = null;
        groupKey = null;
        longTieKeys = 0;
        groupLong = false;
        group1 = 0;
        group2 = 0;
        groupRows = 0;
    }

    /**
     * Hands this digest, once its {@link #snapshot()} is taken and nothing else holds it, to its
     * shape, whose next {@link #of} reuses it (its kept rows' arrays, hasher and helpers) instead of
     * making a new one: a statement read again and again makes no digest per read. The kept values are
     * let go of here. The caller must not use the digest afterwards.
     */
    public void recycle() {
        if (keptValues != null && keptValues.length > MAX_RECYCLED_SLOTS) {
            // A wide result's kept rows: not held between reads (the shape is cached per statement,
            // for up to thousands of statements); the next read makes its own.
            keptValues = null;
            keptKinds = null;
            keptBits = null;
            keptNanos = null;
            keptCapacity = 0;
        } else if (keptValues != null) {
            Arrays.fill(keptValues, 0, Math.min(keptValues.length, keptCount * source.length), null);
        }
        keptCount = 0;
        groupKey = null;
        // Not a thread of the last read's (it may end while the digest waits for the next read).
        rounded = null;
        roundedThread = null;
        shape.spare.set(this);
    }

    /** What the reader hung on this digest ({@link #attach}), or null; it stays through {@link #recycle()}. */
    public Object attachment() {
        return attachment;
    }

    /** Hangs a reader's helper on this digest (the capture's record of the application's values), to be reused with it. */
    public void attach(Object o) {
        attachment = o;
    }

    /** The digest's normaliser (for {@link HashOnlyRow}'s values that take the normaliser's route). */
    ValueNormalizer normalizer() {
        ValueNormalizer n = normalizer;
        if (n == null) {
            n = new ValueNormalizer(rules);
            normalizer = n;
        }
        return n;
    }

    /** Each thread's buffer for a double's digits: one per thread, none per read. */
    private static final ThreadLocal<RoundedDouble> ROUNDED = ThreadLocal.withInitial(RoundedDouble::new);

    /**
     * The buffer {@link HashOnlyRow} works out a double's canonical decimal in: the calling thread's,
     * looked up once per digest and thread (not per value). A digest read on the application's thread
     * may be hashed on a worker (its kept rows), so the buffer follows the thread, never the digest.
     */
    RoundedDouble rounded() {
        Thread t = Thread.currentThread();
        RoundedDouble r = rounded;
        if (r == null || roundedThread != t) {
            r = ROUNDED.get();
            rounded = r;
            roundedThread = t;
        }
        return r;
    }

    /**
     * The columns of a result as a digest reads them under some rules: immutable, so one shape
     * serves every read of the same statement (on any thread), and a digest made from it copies
     * nothing.
     */
    public static final class Shape {
        private final NormalizationRules rules;
        private final int width;
        private final String[] allLabels;
        private final int[] allTypes;
        private final int[] source;
        private final int[] sqlTypes;
        private final String[] typeNames;
        private final List<String> labels;
        /** How rows of this shape are hashed past the kept ones: immutable, made when first needed (a race makes an equal one). */
        private HashOnlyRow hashOnly;
        /** A digest of this shape done with ({@link RowDigest#recycle()}), for the next {@link RowDigest#of} to reuse. */
        private final java.util.concurrent.atomic.AtomicReference<RowDigest> spare = new java.util.concurrent.atomic.AtomicReference<>();

        /**
         * @param rules the rules to digest by
         * @param allLabels every column's label, ignored ones included
         * @param allTypes every column's {@link java.sql.Types} code
         * @param allTypeNames every column's type name (entries may be null)
         */
        public Shape(NormalizationRules rules, String[] allLabels, int[] allTypes, String[] allTypeNames) {
            this.rules = rules;
            this.width = allLabels.length;
            this.allLabels = allLabels.clone();
            this.allTypes = allTypes.clone();
            int n = 0;
            int[] compared = new int[width];
            for (int i = 0; i < width; i++) {
                if (!rules.ignores(allLabels[i])) {
                    compared[n++] = i;
                }
            }
            this.source = n == width ? compared : Arrays.copyOf(compared, n);
            this.sqlTypes = new int[n];
            this.typeNames = new String[n];
            String[] names = new String[n];
            for (int j = 0; j < n; j++) {
                int i = source[j];
                sqlTypes[j] = allTypes[i];
                typeNames[j] = allTypeNames[i];
                names[j] = allLabels[i];
            }
            this.labels = List.of(names);
        }

        /** The rules this shape digests by. */
        public NormalizationRules rules() {
            return rules;
        }

        /** Columns of the result, ignored ones included. */
        public int width() {
            return width;
        }

        /** The {@link java.sql.Types} code of a result column (1-based, ignored ones included). */
        public int sqlType(int column) {
            return allTypes[column - 1];
        }

        HashOnlyRow hashOnly() {
            HashOnlyRow h = hashOnly;
            if (h == null) {
                h = new HashOnlyRow(rules, sqlTypes, typeNames);
                hashOnly = h;
            }
            return h;
        }

        /**
         * Whether a result with these columns has this shape: same count, labels and types (a
         * statement's result changes shape when its tables do).
         */
        public boolean matches(ResultSetMetaData md) throws SQLException {
            if (md.getColumnCount() != width) {
                return false;
            }
            for (int i = 0; i < width; i++) {
                if (md.getColumnType(i + 1) != allTypes[i] || !allLabels[i].equals(md.getColumnLabel(i + 1))) {
                    return false;
                }
            }
            return true;
        }

        /** The shape of a result, read from its metadata. */
        public static Shape of(ResultSetMetaData md, NormalizationRules rules) throws SQLException {
            int n = md.getColumnCount();
            String[] labels = new String[n];
            int[] types = new int[n];
            String[] typeNames = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = md.getColumnLabel(i + 1);
                types[i] = md.getColumnType(i + 1);
                typeNames[i] = md.getColumnTypeName(i + 1);
            }
            return new Shape(rules, labels, types, typeNames);
        }
    }

    /** A digest of a result of this shape. */
    public static RowDigest of(Shape shape, int keepRows) {
        // A recycled digest of this shape when there is one (the usual case for a statement read
        // again): no digest, hasher or kept arrays per read.
        RowDigest d = shape.spare.get() == null ? null : shape.spare.getAndSet(null);
        if (d != null && d.keepRows == keepRows) {
            d.reset();
            return d;
        }
        return new RowDigest(shape, keepRows);
    }

    /** The shape this digest reads by. */
    public Shape shape() {
        return shape;
    }

    private static String[] labels(List<Column> columns) {
        String[] out = new String[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = columns.get(i).label();
        }
        return out;
    }

    /**
     * Makes rows tied on the ORDER BY keys compare as a multiset within each tie group (two engines
     * may return a tie group in different orders, equally correctly), while the groups stay in
     * order. Each key is a result column's label (case-insensitively) or {@code #n}, the n-th
     * column of the result. When a key cannot be resolved to exactly one compared column, or the
     * caller already knows the keys cannot be ({@code strictReason}: an ORDER BY item that is an
     * expression, a statement the parser did not understand), ties compare in strict order and
     * {@link ResultDigest#strictOrderReason()} says why. Call before the first row; both sides of a
     * comparison must be given the same keys.
     *
     * @param orderKeys the ORDER BY keys of the read (lower case, unqualified; {@code #n} for an ordinal)
     * @param strictReason why the keys are not known, or null
     * @return this digest
     */
    public RowDigest tiesBy(List<String> orderKeys, String strictReason) {
        if (rowCount() > 0) {
            throw new IllegalStateException("tie keys must be set before the first row");
        }
        tieKeys = null;
        tieLabels = List.of();
        if (strictReason != null || orderKeys.isEmpty()) {
            this.strictReason = strictReason;
            return this;
        }
        if (orderKeys == resolvedOrderKeys) {
            // The same keys as this (recycled) digest's last read: the same columns (the shape is the same).
            tieKeys = resolvedTieKeys;
            tieLabels = resolvedTieLabels;
            this.strictReason = null;
            return this;
        }
        int[] keys = new int[orderKeys.size()];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            String key = orderKeys.get(k);
            int found = -1;
            if (key.startsWith("#")) {
                int ordinal;
                try {
                    ordinal = Integer.parseInt(key.substring(1));
                } catch (NumberFormatException e) {
                    ordinal = 0;
                }
                for (int j = 0; j < source.length; j++) {
                    if (source[j] == ordinal - 1) {
                        found = j;
                    }
                }
            } else {
                for (int j = 0; j < labels.size(); j++) {
                    if (labels.get(j) != null && labels.get(j).equalsIgnoreCase(key)) {
                        if (found >= 0) {
                            this.strictReason = "order key " + key + " names several result columns";
                            return this;
                        }
                        found = j;
                    }
                }
            }
            if (found < 0) {
                this.strictReason = "order key " + key + " is not a compared result column";
                return this;
            }
            keys[k] = found;
            names.add(labels.get(found));
        }
        tieKeys = keys;
        tieLabels = List.copyOf(names);
        this.strictReason = null;
        resolvedOrderKeys = orderKeys;
        resolvedTieKeys = keys;
        resolvedTieLabels = tieLabels;
        return this;
    }

    /**
     * Ties rows on compared columns given by position (another digest's {@link ResultDigest#columns}
     * of its order keys): for a result compared by position, whose labels may name a column twice
     * where the other side's did not. Call before the first row.
     */
    public RowDigest tiesByColumns(int[] columns) {
        if (rowCount() > 0) {
            throw new IllegalStateException("tie keys must be set before the first row");
        }
        List<String> names = new ArrayList<>();
        for (int k : columns) {
            if (k < 0 || k >= labels.size()) {
                tieKeys = null;
                tieLabels = List.of();
                strictReason = "order key column " + (k + 1) + " is not a compared result column";
                return this;
            }
            names.add(labels.get(k));
        }
        tieKeys = columns.clone();
        tieLabels = List.copyOf(names);
        strictReason = null;
        return this;
    }

    /**
     * Folds in the row the source is on. A kept row reads each compared column with
     * {@code getObject}; a row past them may read a column with its primitive getter
     * ({@code HashOnlyRow}) and allocates nothing of its own. Call it once per row.
     */
    public void add(RowSource rs) throws SQLException {
        add(rs, false);
    }

    /**
     * As {@link #add(RowSource)}, but a kept row too reads the columns a row past the kept ones reads
     * with a primitive getter ({@code getLong} for integers and {@code getDouble} for doubles under
     * {@code numbers}, a timestamp the source already knows) that way, and keeps them as primitives,
     * given their canonical forms in {@link #snapshot()}: the same values, rules and hashes as
     * {@code getObject}'s, without a box or a {@code Timestamp} per value. For a source whose
     * {@link RowSource#knownTimestamp} answers from what the application read (the capture, as the
     * application leaves a row).
     */
    public void addLeaving(RowSource rs) throws SQLException {
        add(rs, true);
    }

    private void add(RowSource rs, boolean primitives) throws SQLException {
        if (keptCount >= keepRows) {
            hashKept();
            HashOnlyRow h = hashOnly();
            hasher.startRow();
            for (int j = 0; j < source.length; j++) {
                columnRules[j] |= h.column(rs, hasher, this, j, source[j] + 1, sqlTypes[j], typeNames[j]);
            }
            if (tieKeys != null && longTieKeys(h)) {
                // Integer keys (the usual ORDER BY id): compared as longs, so a row allocates nothing here.
                long[] key = longKey();
                boolean[] nulls = longKeyNull;
                for (int k = 0; k < key.length; k++) {
                    long v = rs.getLong(source[tieKeys[k]] + 1);
                    key[k] = v;
                    nulls[k] = v == 0 && rs.wasNull();
                }
                foldHashedLongKey();
                return;
            }
            if (tieKeys != null) {
                // The hash path keeps no canonical values: read the keys once more to find tie groups.
                Object[] key = keyScratch();
                for (int k = 0; k < key.length; k++) {
                    int j = tieKeys[k];
                    key[k] = normalizer().normalize(rs.getObject(source[j] + 1), sqlTypes[j], typeNames[j]);
                }
                foldHashed(key, null);
                return;
            }
            foldHashed(null, null);
            return;
        }
        // A row to keep, for the diff. Values of plain immutable types are kept as the driver gave them,
        // and the row is hashed later ({@link #hashKept}): at the first row past the kept ones, or in
        // snapshot(), on the thread that compares. A result that fits in the kept rows (a point
        // lookup) is then only read here on the application's thread, not hashed nor normalised.
        // Other values (and ORDER BY tie keys, whose canonical values the tie groups compare, unless
        // they are integers compared as longs) get their canonical forms now, while the result is on the row.
        int base = keptSlots();
        HashOnlyRow h = primitives ? hashOnly() : null;
        boolean longKeys = primitives && tieKeys != null && longTieKeys(h);
        Object[] values = keptValues;
        byte[] kinds = keptKinds;
        for (int j = 0; j < source.length; j++) {
            int column = source[j] + 1;
            int slot = base + j;
            if (primitives && (longKeys || !tieKey(j))) {
                switch (h.getter(j)) {
                    case HashOnlyRow.LONG -> {
                        long v = rs.getLong(column);
                        if (v == 0 && rs.wasNull()) {
                            values[slot] = null;
                            kinds[slot] = CANONICAL;
                        } else {
                            bits()[slot] = v;
                            kinds[slot] = LONG;
                        }
                        continue;
                    }
                    case HashOnlyRow.DOUBLE -> {
                        double v = rs.getDouble(column);
                        if (v == 0 && rs.wasNull()) {
                            values[slot] = null;
                            kinds[slot] = CANONICAL;
                        } else {
                            bits()[slot] = Double.doubleToRawLongBits(v);
                            kinds[slot] = DOUBLE;
                        }
                        continue;
                    }
                    case HashOnlyRow.TIMESTAMP -> {
                        if (rs.knownTimestamp(column)) {
                            if (rs.wasNull()) {
                                values[slot] = null;
                                kinds[slot] = CANONICAL;
                            } else {
                                bits()[slot] = rs.timestampTime();
                                nanos()[slot] = rs.timestampNanos();
                                kinds[slot] = TIMESTAMP;
                            }
                            continue;
                        }
                    }
                    default -> {
                        // read with getObject below
                    }
                }
            }
            Object v = rs.getObject(column);
            if (deferrable(v) && !tieKey(j)) {
                values[slot] = v;
                kinds[slot] = DRIVER;
            } else {
                ValueNormalizer n = normalizer();
                values[slot] = n.normalize(v, sqlTypes[j], typeNames[j]);
                kinds[slot] = CANONICAL;
                columnRules[j] |= n.applied();
            }
        }
        keptCount++;
        unhashed++;
    }

    /** The first slot of a new kept row, with room made for it. */
    private int keptSlots() {
        int n = source.length;
        if (keptCount >= keptCapacity) {
            int rows = Math.min(keepRows, Math.max(keptCount + 1, keptCapacity == 0 ? 1 : keptCapacity * 4));
            keptValues = keptValues == null ? new Object[rows * n] : Arrays.copyOf(keptValues, rows * n);
            keptKinds = keptKinds == null ? new byte[rows * n] : Arrays.copyOf(keptKinds, rows * n);
            if (keptBits != null) {
                keptBits = Arrays.copyOf(keptBits, rows * n);
            }
            if (keptNanos != null) {
                keptNanos = Arrays.copyOf(keptNanos, rows * n);
            }
            keptCapacity = rows;
        }
        return keptCount * n;
    }

    private long[] bits() {
        long[] b = keptBits;
        if (b == null) {
            b = new long[keptCapacity * source.length];
            keptBits = b;
        }
        return b;
    }

    private int[] nanos() {
        int[] b = keptNanos;
        if (b == null) {
            b = new int[keptCapacity * source.length];
            keptNanos = b;
        }
        return b;
    }

    /**
     * Hashes the kept rows {@link #add(RowSource)} has not hashed yet, in order, exactly as they would
     * have been hashed as they were read: a value still as the driver gave them hashes as its canonical
     * form ({@link HashOnlyRow}), a primitive as {@link HashOnlyRow} hashes a row past the kept ones,
     * a canonical one as itself. Runs before any later row is folded in, and before a snapshot.
     */
    private void hashKept() throws SQLException {
        int count = unhashed;
        if (count == 0) {
            return;
        }
        unhashed = 0;
        HashOnlyRow h = hashOnly();
        int n = source.length;
        Object[] values = keptValues;
        byte[] kinds = keptKinds;
        for (int i = keptCount - count; i < keptCount; i++) {
            int base = i * n;
            hasher.startRow();
            for (int j = 0; j < n; j++) {
                int slot = base + j;
                switch (kinds[slot]) {
                    case DRIVER -> h.value(values[slot], hasher, this, sqlTypes[j], typeNames[j]);
                    case LONG -> hasher.longValue(keptBits[slot]);
                    case DOUBLE -> h.doubleColumn(Double.longBitsToDouble(keptBits[slot]), hasher, this, sqlTypes[j], typeNames[j]);
                    case TIMESTAMP -> h.timestamp(keptBits[slot], keptNanos[slot], hasher);
                    default -> hasher.value(values[slot]);
                }
            }
            if (tieKeys == null) {
                foldHashed(null, null);
            } else if (keptLongKey(base)) {
                foldHashedLongKey();
            } else {
                Object[] key = keyScratch();
                for (int k = 0; k < key.length; k++) {
                    key[k] = values[base + tieKeys[k]];
                }
                foldHashed(key, null);
            }
        }
    }

    /** Whether a kept row's tie keys were kept as longs (into {@link #longKey}, then); else they are canonical values. */
    private boolean keptLongKey(int base) {
        byte[] kinds = keptKinds;
        boolean any = false;
        for (int k : tieKeys) {
            if (kinds[base + k] == LONG) {
                any = true;
            } else if (kinds[base + k] != CANONICAL || keptValues[base + k] != null) {
                return false;
            }
        }
        if (!any) {
            return false;
        }
        long[] key = longKey();
        boolean[] nulls = longKeyNull;
        for (int k = 0; k < key.length; k++) {
            int slot = base + tieKeys[k];
            boolean isNull = keptKinds[slot] != LONG;
            nulls[k] = isNull;
            key[k] = isNull ? 0 : keptBits[slot];
        }
        return true;
    }

    /**
     * Whether a driver's value is normalised as well later as now: immutable (or, for the
     * {@code java.sql} time types, a fresh object of the driver's per call) and independent of the
     * result set's position, so its canonical copy can wait for {@link #snapshot()}.
     */
    private static boolean deferrable(Object v) {
        return v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
            || v instanceof java.math.BigDecimal || v instanceof Short || v instanceof Byte || v instanceof Float
            || v instanceof java.math.BigInteger || v instanceof Boolean || v instanceof java.util.Date
            || v instanceof java.time.temporal.Temporal;
    }

    /**
     * Whether the tie keys are all read as longs ({@link HashOnlyRow#readsAsLongs}), decided with the
     * first row past the kept ones: the keys are fixed before the first row, the shape for good.
     */
    private boolean longTieKeys(HashOnlyRow h) {
        byte l = longTieKeys;
        if (l == 0) {
            l = h.readsAsLongs(tieKeys) ? (byte) 1 : (byte) 2;
            longTieKeys = l;
        }
        return l == 1;
    }

    /** Whether compared column {@code j} is an ORDER BY key of the tie groups: its canonical value is needed at once. */
    private boolean tieKey(int j) {
        int[] keys = tieKeys;
        if (keys != null) {
            for (int k : keys) {
                if (k == j) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keeps a row of canonical values (copied: the array may be reused). */
    private void keep(Object[] row) {
        int base = keptSlots();
        System.arraycopy(row, 0, keptValues, base, row.length);
        Arrays.fill(keptKinds, base, base + row.length, CANONICAL);
        keptCount++;
    }

    /**
     * Gives the kept values not canonical yet (the driver's, and primitives) their canonical forms, in
     * place; the rules they fell under join their columns'. A primitive is boxed as the driver's
     * {@code getObject} gives it ({@link HashOnlyRow}'s getters), so its canonical form is the same.
     */
    private void normalizeKept() throws SQLException {
        int n = source.length;
        Object[] values = keptValues;
        byte[] kinds = keptKinds;
        for (int i = 0; i < keptCount; i++) {
            for (int j = 0; j < n; j++) {
                int slot = i * n + j;
                byte kind = kinds[slot];
                if (kind == CANONICAL) {
                    continue;
                }
                Object v = switch (kind) {
                    case LONG -> Long.valueOf(keptBits[slot]);
                    case DOUBLE -> Double.valueOf(Double.longBitsToDouble(keptBits[slot]));
                    case TIMESTAMP -> timestamp(keptBits[slot], keptNanos[slot]);
                    default -> values[slot];
                };
                ValueNormalizer norm = normalizer();
                values[slot] = norm.normalize(v, sqlTypes[j], typeNames[j]);
                kinds[slot] = CANONICAL;
                columnRules[j] |= norm.applied();
            }
        }
    }

    /** The {@code java.sql.Timestamp} whose {@code getTime()} and {@code getNanos()} these are (equal to the one they were read from). */
    static java.sql.Timestamp timestamp(long time, int nanos) {
        java.sql.Timestamp t = new java.sql.Timestamp(time);
        t.setNanos(nanos);
        return t;
    }

    /**
     * Folds in one row of values as a driver returns them, every column of the result (ignored ones
     * included), normalising them first.
     */
    public void addValues(Object... jdbcValues) throws SQLException {
        checkWidth(jdbcValues);
        hashKept();
        if (keptCount >= keepRows) {
            HashOnlyRow h = hashOnly();
            hasher.startRow();
            for (int j = 0; j < source.length; j++) {
                columnRules[j] |= h.value(jdbcValues[source[j]], hasher, this, sqlTypes[j], typeNames[j]);
            }
            if (tieKeys != null) {
                Object[] key = keyScratch();
                for (int k = 0; k < key.length; k++) {
                    int j = tieKeys[k];
                    key[k] = normalizer().normalize(jdbcValues[source[j]], sqlTypes[j], typeNames[j]);
                }
                foldHashed(key, null);
                return;
            }
            foldHashed(null, null);
            return;
        }
        // A row to keep: its canonical values, for the diff.
        Object[] row = rowArray();
        for (int j = 0; j < row.length; j++) {
            ValueNormalizer n = normalizer();
            row[j] = n.normalize(jdbcValues[source[j]], sqlTypes[j], typeNames[j]);
            columnRules[j] |= n.applied();
        }
        fold(row);
    }

    /**
     * Folds in one row already in canonical form ({@link ValueNormalizer}), every column of the
     * result (ignored ones included). The array is not kept.
     */
    public void add(Object[] normalizedRow) {
        checkWidth(normalizedRow);
        try {
            hashKept();
        } catch (SQLException e) {
            throw new IllegalStateException("a kept value could not be hashed: " + e.getMessage(), e);
        }
        Object[] row = rowArray();
        for (int j = 0; j < row.length; j++) {
            row[j] = normalizedRow[source[j]];
        }
        fold(row);
    }

    /** Whether the next row {@link #add(RowSource) added} is kept for the diff (read with {@code getObject}, canonical values made later). */
    public boolean keepsNext() {
        return keptCount < keepRows;
    }

    /** Records that the result was read to its end (else the digest covers only a prefix). */
    public void markComplete() {
        complete = true;
    }

    /** Whether {@link #markComplete()} was called: the result was read to its end. */
    public boolean complete() {
        return complete;
    }

    /** Rows folded in so far (kept rows not hashed yet included). */
    public long rowCount() {
        return rowCount + unhashed;
    }

    /** The labels of the compared columns (ignored ones left out). */
    public List<String> labels() {
        return labels;
    }

    /** The rules this digest normalises by. */
    public NormalizationRules rules() {
        return rules;
    }

    /**
     * An immutable copy of the digest as it stands, to compare or hand to another thread. Kept values
     * still held as the driver gave them get their canonical forms here.
     *
     * @throws IllegalStateException when a kept value cannot be normalised (it was read, but its canonical form fails)
     */
    public ResultDigest snapshot() {
        try {
            hashKept();
            normalizeKept();
        } catch (SQLException e) {
            throw new IllegalStateException("a kept value could not be normalised: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        List<Object>[] views = new List[keptCount];
        int n = source.length;
        for (int i = 0; i < views.length; i++) {
            // A copy: the kept arrays are reused when the digest is recycled.
            views[i] = ResultDigest.row(Arrays.copyOfRange(keptValues, i * n, i * n + n));
        }
        // An immutable list already, so the ResultDigest keeps it without another copy.
        List<List<Object>> rows = List.of(views);
        // A complete result's last tie group is whole: fold it in. A prefix's may be cut short, and
        // the other side may have read other rows of the same tie: it is left out of the ordered hash.
        long final1 = ordered1;
        long final2 = ordered2;
        if (groupRows > 0) {
            final1 = RowHasher.fmix64(ordered1 * GOLDEN + group1 + groupRows);
            final2 = RowHasher.fmix64(ordered2 * GOLDEN + group2 + groupRows);
        }
        return new ResultDigest(rules, labels, rowCount, complete, complete ? final1 : ordered1,
            complete ? final2 : ordered2, multiset1, multiset2, keepRows, rows, columnRules.clone(),
            tieKeys == null ? null : tieKeys.clone(), tieLabels, strictReason);
    }

    private void checkWidth(Object[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + width + " columns");
        }
    }

    // One array reused row after row (a kept row is copied out of it).
    private Object[] rowArray() {
        if (scratch == null) {
            scratch = new Object[source.length];
        }
        return scratch;
    }

    private HashOnlyRow hashOnly() {
        return shape.hashOnly();
    }

    private void fold(Object[] row) {
        hasher.startRow();
        for (Object v : row) {
            hasher.value(v);
        }
        foldHashed(null, row);
        if (keptCount < keepRows) {
            keep(row);
        }
    }

    /**
     * Ends the row the hasher was fed and folds its hash into the result's hashes. With tie keys,
     * the ordered hash chains tie groups (each the sum of its rows' hashes), not rows.
     *
     * @param key the row's canonical key values, or null to take them from {@code row}
     * @param row the row's canonical values, or null
     */
    private void foldHashed(Object[] key, Object[] row) {
        hasher.finishRow();
        long r1 = hasher.hash1();
        long r2 = hasher.hash2();
        multiset1 += r1;
        multiset2 += r2;
        rowCount++;
        if (tieKeys == null) {
            ordered1 = RowHasher.fmix64(ordered1 * GOLDEN + r1);
            ordered2 = RowHasher.fmix64(ordered2 * GOLDEN + r2);
            return;
        }
        if (groupKey == null && !groupLong || !sameKey(key, row)) {
            closeGroup();
            Object[] k = key == null ? null : key.clone();
            if (k == null) {
                // Copied out of the row: past the kept rows the row array is reused.
                k = new Object[tieKeys.length];
                for (int i = 0; i < k.length; i++) {
                    k[i] = row[tieKeys[i]];
                }
            }
            groupKey = k;
            groupLong = false;
        }
        group1 += r1;
        group2 += r2;
        groupRows++;
    }

    /**
     * As {@link #foldHashed} for a row whose tie key is in {@link #longKey} (integer columns): the
     * group's key is kept as longs too, so no row allocates. A group begun on a kept row (canonical
     * Long values) compares with the same values.
     */
    private void foldHashedLongKey() {
        hasher.finishRow();
        long r1 = hasher.hash1();
        long r2 = hasher.hash2();
        multiset1 += r1;
        multiset2 += r2;
        rowCount++;
        if (groupKey == null && !groupLong || !sameLongKey()) {
            closeGroup();
            if (groupLongKey == null || groupLongKey.length != tieKeys.length) {
                groupLongKey = new long[tieKeys.length];
                groupLongNull = new boolean[tieKeys.length];
            }
            System.arraycopy(longKey, 0, groupLongKey, 0, longKey.length);
            System.arraycopy(longKeyNull, 0, groupLongNull, 0, longKeyNull.length);
            groupLong = true;
            groupKey = null;
        }
        group1 += r1;
        group2 += r2;
        groupRows++;
    }

    /** Folds the finished tie group into the ordered hash (a group is a multiset) and starts an empty one. */
    private void closeGroup() {
        if (groupRows > 0) {
            ordered1 = RowHasher.fmix64(ordered1 * GOLDEN + group1 + groupRows);
            ordered2 = RowHasher.fmix64(ordered2 * GOLDEN + group2 + groupRows);
        }
        group1 = 0;
        group2 = 0;
        groupRows = 0;
    }

    private boolean sameLongKey() {
        for (int i = 0; i < tieKeys.length; i++) {
            if (groupLong) {
                if (groupLongNull[i] != longKeyNull[i] || !longKeyNull[i] && groupLongKey[i] != longKey[i]) {
                    return false;
                }
            } else {
                Object g = groupKey[i];
                if (longKeyNull[i] ? g != null : !(g instanceof Long l) || l != longKey[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    private long[] longKey() {
        if (longKey == null || longKey.length != tieKeys.length) {
            longKey = new long[tieKeys.length];
            longKeyNull = new boolean[tieKeys.length];
        }
        return longKey;
    }

    private Object[] keyScratch() {
        if (keyScratch == null || keyScratch.length != tieKeys.length) {
            keyScratch = new Object[tieKeys.length];
        }
        return keyScratch;
    }

    private boolean sameKey(Object[] key, Object[] row) {
        for (int i = 0; i < tieKeys.length; i++) {
            Object v = key != null ? key[i] : row[tieKeys[i]];
            if (groupLong) {
                // The group began on a row keyed as longs: its canonical values are those Longs.
                if (groupLongNull[i] ? v != null : !(v instanceof Long l) || l != groupLongKey[i]) {
                    return false;
                }
                continue;
            }
            if (!Objects.equals(v, groupKey[i])) {
                return false;
            }
        }
        return true;
    }
}
