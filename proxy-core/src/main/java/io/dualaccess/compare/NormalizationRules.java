package io.dualaccess.compare;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.config.ConfigKey;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.UnsupportedTemporalTypeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which normalisation rules are in force when two results are compared, and their parameters.
 * Immutable; both sides of one comparison must be digested with equal rules.
 *
 * <p>Each rule has a stable name ({@link Rule}); {@link #describe()} lists the rules in force with
 * their parameters, as mismatch reports show them. {@link #defaults()} turns every rule on;
 * {@link #exact()} turns every rule off (values must agree in type and representation).
 */
public final class NormalizationRules {

    /** Relative tolerance for floating-point values unless set otherwise. */
    public static final double DEFAULT_FLOAT_TOLERANCE = 1e-9;
    /** Timestamps are compared to the microsecond unless set otherwise: the finest that PostgreSQL and MariaDB store. */
    public static final ChronoUnit DEFAULT_TIMESTAMP_PRECISION = ChronoUnit.MICROS;
    /** Text longer than this many characters, or binary values longer than this many bytes, compare by content hash. */
    public static final int DEFAULT_LOB_THRESHOLD = 8192;
    /** Upper bound of {@link #lobThreshold()}: a kept row must stay small. */
    public static final int MAX_LOB_THRESHOLD = 1 << 20;

    private static final NormalizationRules DEFAULTS = new Builder().build();
    private static final NormalizationRules EXACT = new Builder().numbers(false).floatTolerance(0).charTrim(false)
        .timestampPrecision(null).booleans(false).labelsCaseInsensitive(false).lobsByHash(false).jsonByValue(false)
        .build();

    private final boolean numbers;
    private final double floatTolerance;
    private final int floatDigits;
    /** Rounds floats to {@link #floatDigits}; immutable, so every digest of these rules shares it. */
    private final MathContext floatContext;
    private final boolean charTrim;
    private final ChronoUnit timestampPrecision;
    private final boolean booleans;
    private final boolean labelsCaseInsensitive;
    private final boolean lobsByHash;
    private final int lobThreshold;
    private final boolean jsonByValue;
    private final Set<String> ignoredColumns;
    private final int bits;

    private NormalizationRules(Builder b) {
        this.numbers = b.numbers;
        this.floatTolerance = b.floatTolerance;
        this.floatDigits = digitsFor(b.floatTolerance);
        this.floatContext = new MathContext(floatDigits, RoundingMode.HALF_EVEN);
        this.charTrim = b.charTrim;
        this.timestampPrecision = b.timestampPrecision;
        this.booleans = b.booleans;
        this.labelsCaseInsensitive = b.labelsCaseInsensitive;
        this.lobsByHash = b.lobsByHash;
        this.lobThreshold = b.lobThreshold;
        this.jsonByValue = b.jsonByValue;
        this.ignoredColumns = Collections.unmodifiableSet(new TreeSet<>(b.ignoredColumns));
        int on = 0;
        on |= numbers ? Rule.NUMBERS.bit() : 0;
        on |= floatTolerance > 0 ? Rule.FLOAT_TOLERANCE.bit() : 0;
        on |= charTrim ? Rule.CHAR_TRIM.bit() : 0;
        on |= timestampPrecision != null ? Rule.TIMESTAMP_PRECISION.bit() : 0;
        on |= booleans ? Rule.BOOLEANS.bit() : 0;
        on |= labelsCaseInsensitive ? Rule.LABELS_CASE.bit() : 0;
        on |= lobsByHash ? Rule.LOBS_HASH.bit() : 0;
        on |= jsonByValue ? Rule.JSON.bit() : 0;
        on |= ignoredColumns.isEmpty() ? 0 : Rule.IGNORE_COLUMNS.bit();
        this.bits = on;
    }

    /** Every rule on, with the default parameters. */
    public static NormalizationRules defaults() {
        return DEFAULTS;
    }

    /** Every rule off: values must agree in Java type and representation ({@code 1.0 != 1.00}). */
    public static NormalizationRules exact() {
        return EXACT;
    }

    /**
     * The rules a configuration asks for ({@code dualaccess.compare.*}): shadow reads and verify
     * normalise by the same rules.
     */
    public static NormalizationRules of(DualAccessConfig config) {
        return new Builder()
            .numbers(config.flag(ConfigKey.COMPARE_NUMBERS))
            .floatTolerance(config.number(ConfigKey.COMPARE_FLOAT_TOLERANCE))
            .charTrim(config.flag(ConfigKey.COMPARE_CHAR_TRIM))
            .timestampPrecision(ChronoUnit.valueOf(config.text(ConfigKey.COMPARE_TIMESTAMP_PRECISION).toUpperCase(Locale.ROOT)))
            .booleans(config.flag(ConfigKey.COMPARE_BOOLEANS))
            .labelsCaseInsensitive(config.flag(ConfigKey.COMPARE_LABELS_CASE))
            .lobsByHash(config.flag(ConfigKey.COMPARE_LOBS_HASH))
            .jsonByValue(config.flag(ConfigKey.COMPARE_JSON))
            .ignoreColumns(List.copyOf(config.names(ConfigKey.COMPARE_IGNORE_COLUMNS)))
            .build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these rules. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.numbers = numbers;
        b.floatTolerance = floatTolerance;
        b.charTrim = charTrim;
        b.timestampPrecision = timestampPrecision;
        b.booleans = booleans;
        b.labelsCaseInsensitive = labelsCaseInsensitive;
        b.lobsByHash = lobsByHash;
        b.lobThreshold = lobThreshold;
        b.jsonByValue = jsonByValue;
        b.ignoredColumns.addAll(ignoredColumns);
        return b;
    }

    /** {@code numbers}: numeric values compare by value, whatever their width or scale. */
    public boolean numbers() {
        return numbers;
    }

    /** {@code float-tolerance}: the relative tolerance for floating-point values; 0 when they must be exact. */
    public double floatTolerance() {
        return floatTolerance;
    }

    /**
     * The significant digits floating-point values are rounded to, derived from the tolerance: two
     * values that round alike differ by at most the tolerance. (A tolerance is not transitive, so no
     * hash can honour it exactly: a pair straddling a rounding boundary still differs. With 1e-9 that
     * takes a difference in the tenth significant digit, which engines' own arithmetic does not make.)
     */
    public int floatDigits() {
        return floatDigits;
    }

    /** {@link #floatDigits()} as the context that rounds to them (HALF_EVEN). */
    MathContext floatContext() {
        return floatContext;
    }

    /** {@code char-trim}: trailing spaces of text from CHAR/NCHAR columns are ignored (result metadata tells the type). */
    public boolean charTrim() {
        return charTrim;
    }

    /** {@code timestamp-precision}: the unit timestamps are truncated to, or null when timestamps must be exact. */
    public ChronoUnit timestampPrecision() {
        return timestampPrecision;
    }

    /** {@code booleans}: booleans equal the numbers 1 and 0. */
    public boolean booleans() {
        return booleans;
    }

    /** {@code labels-case}: column labels compare case-insensitively. */
    public boolean labelsCaseInsensitive() {
        return labelsCaseInsensitive;
    }

    /** {@code lobs-hash}: LOBs and values longer than {@link #lobThreshold()} compare by content hash. */
    public boolean lobsByHash() {
        return lobsByHash;
    }

    /** Characters (text) or bytes (binary) above which a value compares by content hash. */
    public int lobThreshold() {
        return lobThreshold;
    }

    /** {@code json}: JSON documents compare by value (key order, whitespace). */
    public boolean jsonByValue() {
        return jsonByValue;
    }

    /** {@code ignore-columns}: labels left out of the comparison, lower case. */
    public Set<String> ignoredColumns() {
        return ignoredColumns;
    }

    /** Whether a column is left out of the comparison (labels match case-insensitively). */
    public boolean ignores(String label) {
        return !ignoredColumns.isEmpty() && label != null && ignoredColumns.contains(label.toLowerCase(Locale.ROOT));
    }

    /** Whether a rule is in force. */
    public boolean enabled(Rule rule) {
        return (bits & rule.bit()) != 0;
    }

    int bits() {
        return bits;
    }

    /**
     * The rules in force with their parameters, as reports show them:
     * {@code [numbers, float-tolerance=1E-9, char-trim, timestamp-precision=micros, ...]}.
     */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Rule r : Rule.values()) {
            if (!enabled(r)) {
                continue;
            }
            String name = r.ruleName();
            out.add(switch (r) {
                case FLOAT_TOLERANCE -> name + "=" + BigDecimal.valueOf(floatTolerance).stripTrailingZeros();
                case TIMESTAMP_PRECISION -> name + "=" + timestampPrecision.name().toLowerCase(Locale.ROOT);
                case LOBS_HASH -> name + "=" + lobThreshold;
                case IGNORE_COLUMNS -> name + "=" + String.join(",", ignoredColumns);
                default -> name;
            });
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizationRules r && numbers == r.numbers
            && Double.compare(floatTolerance, r.floatTolerance) == 0 && charTrim == r.charTrim
            && timestampPrecision == r.timestampPrecision && booleans == r.booleans
            && labelsCaseInsensitive == r.labelsCaseInsensitive && lobsByHash == r.lobsByHash
            && lobThreshold == r.lobThreshold && jsonByValue == r.jsonByValue
            && ignoredColumns.equals(r.ignoredColumns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(numbers, floatTolerance, charTrim, timestampPrecision, booleans, labelsCaseInsensitive,
            lobsByHash, lobThreshold, jsonByValue, ignoredColumns);
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    // Rounding to d significant digits keeps two values that round alike within 10^(1-d) of each other
    // (relative), so d = ceil(1 - log10(tolerance)): 1e-9 gives 10 digits. The small epsilon keeps
    // log10 of a power of ten that is not exact in binary (1e-9) from adding a digit.
    static int digitsFor(double tolerance) {
        if (tolerance <= 0) {
            return 17;
        }
        int d = (int) Math.ceil(1 - Math.log10(tolerance) - 1e-9);
        return Math.max(1, Math.min(17, d));
    }

    /** Builds {@link NormalizationRules}; starts from the defaults; every parameter is validated when set. */
    public static final class Builder {
        private boolean numbers = true;
        private double floatTolerance = DEFAULT_FLOAT_TOLERANCE;
        private boolean charTrim = true;
        private ChronoUnit timestampPrecision = DEFAULT_TIMESTAMP_PRECISION;
        private boolean booleans = true;
        private boolean labelsCaseInsensitive = true;
        private boolean lobsByHash = true;
        private int lobThreshold = DEFAULT_LOB_THRESHOLD;
        private boolean jsonByValue = true;
        private final Set<String> ignoredColumns = new TreeSet<>();

        private Builder() {
        }

        /** {@code numbers}: compare numerics by value. */
        public Builder numbers(boolean on) {
            this.numbers = on;
            return this;
        }

        /** {@code float-tolerance}: relative tolerance in [0, 0.1]; 0 turns the rule off. */
        public Builder floatTolerance(double tolerance) {
            if (!(tolerance >= 0 && tolerance <= 0.1)) {
                throw new IllegalArgumentException(Rule.FLOAT_TOLERANCE.configKey()
                    + " must be between 0 (exact) and 0.1, not " + tolerance);
            }
            this.floatTolerance = tolerance;
            return this;
        }

        /** {@code char-trim}: ignore trailing spaces of CHAR/NCHAR text. */
        public Builder charTrim(boolean on) {
            this.charTrim = on;
            return this;
        }

        /**
         * {@code timestamp-precision}: the unit timestamps are truncated to (NANOS, MICROS, MILLIS,
         * SECONDS, ... up to DAYS); null turns the rule off.
         */
        public Builder timestampPrecision(ChronoUnit unit) {
            if (unit != null) {
                try {
                    Instant.EPOCH.truncatedTo(unit);
                } catch (UnsupportedTemporalTypeException e) {
                    throw new IllegalArgumentException(Rule.TIMESTAMP_PRECISION.configKey()
                        + " must be a unit that divides a day (nanos, micros, millis, seconds, ...), not " + unit, e);
                }
            }
            this.timestampPrecision = unit;
            return this;
        }

        /** {@code booleans}: true/false equal 1/0. */
        public Builder booleans(boolean on) {
            this.booleans = on;
            return this;
        }

        /** {@code labels-case}: compare column labels case-insensitively. */
        public Builder labelsCaseInsensitive(boolean on) {
            this.labelsCaseInsensitive = on;
            return this;
        }

        /** {@code lobs-hash}: compare LOBs and long values by content hash. */
        public Builder lobsByHash(boolean on) {
            this.lobsByHash = on;
            return this;
        }

        /** Characters or bytes above which a value compares by content hash (0 to {@link #MAX_LOB_THRESHOLD}). */
        public Builder lobThreshold(int threshold) {
            if (threshold < 0 || threshold > MAX_LOB_THRESHOLD) {
                throw new IllegalArgumentException(Rule.LOBS_HASH.configKey() + " threshold must be between 0 and "
                    + MAX_LOB_THRESHOLD + ", not " + threshold);
            }
            this.lobThreshold = threshold;
            return this;
        }

        /** {@code json}: compare JSON documents by value. */
        public Builder jsonByValue(boolean on) {
            this.jsonByValue = on;
            return this;
        }

        /** {@code ignore-columns}: labels to leave out (case-insensitive); replaces earlier ones. */
        public Builder ignoreColumns(Collection<String> labels) {
            ignoredColumns.clear();
            for (String l : labels) {
                String t = l == null ? "" : l.trim();
                if (!t.isEmpty()) {
                    ignoredColumns.add(t.toLowerCase(Locale.ROOT));
                }
            }
            return this;
        }

        /** {@code ignore-columns}: labels to leave out (case-insensitive); replaces earlier ones. */
        public Builder ignoreColumns(String... labels) {
            return ignoreColumns(List.of(labels));
        }

        /** The rules. */
        public NormalizationRules build() {
            return new NormalizationRules(this);
        }
    }
}
