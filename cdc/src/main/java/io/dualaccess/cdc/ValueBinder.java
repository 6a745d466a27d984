package io.dualaccess.cdc;

import io.dualaccess.keyset.Dialect;
import org.apache.kafka.connect.data.Schema;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Binds one value of a Debezium change event to B's statement, exactly: the event carries
 * decimals as text ({@code decimal.handling.mode=string}), times as microseconds or as ISO text
 * with their zone ({@code time.precision.mode=adaptive_time_microseconds}), binary as bytes, JSON
 * and other engine types as text; B's column type decides how the value is given to B's driver.
 */
final class ValueBinder {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    // Debezium's PostgreSQL converter turns the dates 'infinity' and '-infinity' into these day numbers
    // while streaming; in the snapshot, the JDBC driver's infinity sentinels overflow the int of days
    // into about ∓622 million (years around ∓1.7 million, which no PostgreSQL date reaches before Christ)
    private static final long POSITIVE_INFINITY_DAYS =
        io.debezium.connector.postgresql.PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE.toEpochDay();
    private static final long NEGATIVE_INFINITY_DAYS =
        io.debezium.connector.postgresql.PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE.toEpochDay();

    private final Dialect dialect;

    ValueBinder(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * @param column B's column (its JDBC type and type name), or null when B's metadata did not name it
     */
    void bind(Connection c, PreparedStatement ps, int i, Schema schema, Object value, BColumn column) throws SQLException {
        if (value == null) {
            ps.setNull(i, column == null ? Types.NULL : column.jdbcType());
            return;
        }
        String semantic = schema == null ? null : schema.name();
        if (semantic != null) {
            switch (semantic) {
                case "io.debezium.time.Date" -> {
                    long days = ((Number) value).longValue();
                    boolean positive = days == POSITIVE_INFINITY_DAYS || days == -622_191_234L || days == -622_191_233L;
                    boolean negative = days == NEGATIVE_INFINITY_DAYS || days == 622_191_232L || days == 622_191_233L;
                    if (positive || negative) {
                        if (dialect == Dialect.POSTGRESQL) {
                            bindOther(ps, i, positive ? "infinity" : "-infinity");
                        } else {
                            ps.setObject(i, positive ? LocalDate.of(9999, 12, 31) : LocalDate.of(1, 1, 1));
                        }
                        return;
                    }
                    bindTemporal(ps, i, LocalDate.ofEpochDay(days), column);
                    return;
                }
                case "io.debezium.time.Timestamp" -> {
                    bindTemporal(ps, i, LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC), column);
                    return;
                }
                case "io.debezium.time.MicroTimestamp" -> {
                    long micros = ((Number) value).longValue();
                    bindTemporal(ps, i, LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC), column);
                    return;
                }
                case "io.debezium.time.NanoTimestamp" -> {
                    long nanos = ((Number) value).longValue();
                    bindTemporal(ps, i, LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                        (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC), column);
                    return;
                }
                case "io.debezium.time.ZonedTimestamp" -> {
                    String s = value.toString();
                    if (infinity(s)) {
                        bindOther(ps, i, s);
                    } else {
                        bindTemporal(ps, i, OffsetDateTime.parse(s), column);
                    }
                    return;
                }
                case "io.debezium.time.Time" -> {
                    bindTime(ps, i, ((Number) value).longValue() * 1000L, column);
                    return;
                }
                case "io.debezium.time.MicroTime" -> {
                    bindTime(ps, i, ((Number) value).longValue(), column);
                    return;
                }
                case "io.debezium.time.NanoTime" -> {
                    bindTime(ps, i, ((Number) value).longValue() / 1000L, column);
                    return;
                }
                case "io.debezium.time.ZonedTime" -> {
                    if (dialect == Dialect.POSTGRESQL) {
                        bindOther(ps, i, value.toString());
                    } else {
                        ps.setObject(i, OffsetTime.parse(value.toString()).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime());
                    }
                    return;
                }
                default -> {
                    // Json, Uuid, Xml, Enum, EnumSet, intervals as text: B's column type decides below
                }
            }
        }
        if (value instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            ps.setBytes(i, bytes);
        } else if (value instanceof byte[] bytes) {
            ps.setBytes(i, bytes);
        } else if (value instanceof String s) {
            bindText(ps, i, s, column);
        } else if (value instanceof Boolean b) {
            if (column != null && column.numeric()) {
                ps.setInt(i, b ? 1 : 0);
            } else {
                ps.setBoolean(i, b);
            }
        } else if (value instanceof Number n) {
            if (column != null && column.bool()) {
                ps.setBoolean(i, n.longValue() != 0);
            } else {
                ps.setObject(i, n);
            }
        } else if (value instanceof List<?> list && dialect == Dialect.POSTGRESQL && column != null && column.typeName().startsWith("_")) {
            ps.setArray(i, c.createArrayOf(column.typeName().substring(1), list.toArray()));
        } else {
            ps.setObject(i, value);
        }
    }

    private void bindText(PreparedStatement ps, int i, String s, BColumn column) throws SQLException {
        if (column == null || column.text()) {
            ps.setString(i, s);
        } else if (column.numeric()) {
            BigDecimal d = decimal(s);
            if (d != null) {
                ps.setBigDecimal(i, d);
            } else if (dialect == Dialect.POSTGRESQL) {
                bindOther(ps, i, s); // NaN, Infinity
            } else {
                ps.setString(i, s);
            }
        } else if (column.bool()) {
            ps.setBoolean(i, !s.isEmpty() && !"0".equals(s) && !"false".equalsIgnoreCase(s));
        } else if (dialect == Dialect.POSTGRESQL) {
            // json, jsonb, uuid, inet, enum, interval, xml ...: the server casts the untyped text
            bindOther(ps, i, s);
        } else {
            ps.setString(i, s);
        }
    }

    private void bindTemporal(PreparedStatement ps, int i, Object value, BColumn column) throws SQLException {
        if (value instanceof LocalDateTime ldt && column != null && column.withZone()) {
            ps.setObject(i, ldt.atOffset(ZoneOffset.UTC));
        } else if (value instanceof OffsetDateTime odt && column != null && !column.withZone() && dialect != Dialect.H2) {
            // a zoned instant into a column without a zone: its UTC wall time, as the engines store TIMESTAMP
            ps.setObject(i, odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (value instanceof LocalDate d && infinityDate(d) && dialect == Dialect.POSTGRESQL) {
            bindOther(ps, i, d.isAfter(LocalDate.EPOCH) ? "infinity" : "-infinity");
        } else if (value instanceof LocalDateTime ldt && infinityDateTime(ldt) && dialect == Dialect.POSTGRESQL) {
            bindOther(ps, i, ldt.isAfter(LocalDateTime.of(1970, 1, 1, 0, 0)) ? "infinity" : "-infinity");
        } else {
            ps.setObject(i, value);
        }
    }

    private void bindTime(PreparedStatement ps, int i, long micros, BColumn column) throws SQLException {
        if (micros >= MICROS_PER_DAY || micros < 0) {
            // PostgreSQL's 24:00:00, MySQL's TIME beyond a day: only text says it
            long abs = Math.abs(micros);
            String text = (micros < 0 ? "-" : "") + String.format(java.util.Locale.ROOT, "%02d:%02d:%02d.%06d",
                abs / 3_600_000_000L, abs / 60_000_000L % 60, abs / 1_000_000L % 60, abs % 1_000_000L);
            if (dialect == Dialect.POSTGRESQL) {
                bindOther(ps, i, text);
            } else {
                ps.setString(i, text);
            }
            return;
        }
        ps.setObject(i, LocalTime.ofNanoOfDay(micros * 1000L));
    }

    private static void bindOther(PreparedStatement ps, int i, String s) throws SQLException {
        ps.setObject(i, s, Types.OTHER);
    }

    private static boolean infinity(String s) {
        return "infinity".equals(s) || "-infinity".equals(s);
    }

    // Debezium's PostgreSQL converter turns 'infinity' dates and timestamps into far sentinel values
    private static boolean infinityDate(LocalDate d) {
        return d.getYear() > 262_000 || d.getYear() < -262_000;
    }

    private static boolean infinityDateTime(LocalDateTime t) {
        return t.getYear() > 262_000 || t.getYear() < -262_000;
    }

    private static BigDecimal decimal(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** B's column: what its driver needs to hear. */
    record BColumn(int jdbcType, String typeName) {

        boolean text() {
            return switch (jdbcType) {
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB ->
                    !typeName.contains("json") && !typeName.equals("uuid");
                default -> false;
            };
        }

        boolean numeric() {
            return switch (jdbcType) {
                case Types.NUMERIC, Types.DECIMAL, Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE,
                     Types.FLOAT, Types.REAL -> true;
                default -> false;
            };
        }

        boolean bool() {
            // PostgreSQL's driver reports bool as BIT; MariaDB's reports TINYINT(1) as BIT
            return jdbcType == Types.BOOLEAN || typeName.startsWith("bool") || jdbcType == Types.BIT && typeName.startsWith("tinyint");
        }

        boolean withZone() {
            return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz");
        }
    }
}
