package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/**
 * {@code setObject} with {@code java.time} values, the legacy {@code java.sql} setters, and
 * {@code getObject(column, Class)} for each {@code java.time} class. Every combination an engine
 * refuses is recorded as its exception.
 */
final class TimeScenarios {

    static final LocalDate DATE = LocalDate.of(2024, 2, 29);
    static final LocalTime TIME = LocalTime.of(13, 45, 30);
    static final LocalDateTime DATE_TIME = LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000);
    static final OffsetDateTime OFFSET_DATE_TIME = OffsetDateTime.of(DATE_TIME, ZoneOffset.ofHours(2));
    static final OffsetTime OFFSET_TIME = OffsetTime.of(TIME, ZoneOffset.ofHours(-5));

    private static final Class<?>[] READ_AS = {
        LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, OffsetTime.class,
        Instant.class, ZonedDateTime.class, Date.class, Time.class, Timestamp.class, String.class,
    };

    private TimeScenarios() {
    }

    static List<Scenario> all() {
        return List.of(Scenario.of("java_time", TimeScenarios::javaTime));
    }

    static void javaTime(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_time");
        Sql.exec(c, "create table cf_time (id int primary key, d date, "
            + e.pick("t time, ts timestamp(6), tstz timestamp(6) with time zone, tt time with time zone",
                     "t time, ts timestamp(6), tstz timestamp(6) with time zone, tt time with time zone",
                     "t time, ts datetime(6), tstz timestamp(6) null, tt time")
            + ")");
        try (PreparedStatement ps = c.prepareStatement("insert into cf_time values (?, ?, ?, ?, ?, ?)")) {
            insert(t, ps, 1, "setObject(java.time)",
                () -> ps.setObject(2, DATE),
                () -> ps.setObject(3, TIME),
                () -> ps.setObject(4, DATE_TIME),
                () -> ps.setObject(5, OFFSET_DATE_TIME),
                () -> ps.setObject(6, OFFSET_TIME));
            insert(t, ps, 2, "setObject(java.time, Types)",
                () -> ps.setObject(2, DATE, Types.DATE),
                () -> ps.setObject(3, TIME, Types.TIME),
                () -> ps.setObject(4, DATE_TIME, Types.TIMESTAMP),
                () -> ps.setObject(5, OFFSET_DATE_TIME, Types.TIMESTAMP_WITH_TIMEZONE),
                () -> ps.setObject(6, OFFSET_TIME, Types.TIME_WITH_TIMEZONE));
            insert(t, ps, 3, "setObject(java.time, JDBCType)",
                () -> ps.setObject(2, DATE, JDBCType.DATE),
                () -> ps.setObject(3, TIME, JDBCType.TIME),
                () -> ps.setObject(4, DATE_TIME, JDBCType.TIMESTAMP),
                () -> ps.setObject(5, OFFSET_DATE_TIME, JDBCType.TIMESTAMP_WITH_TIMEZONE),
                () -> ps.setObject(6, OFFSET_TIME, JDBCType.TIME_WITH_TIMEZONE));
            insert(t, ps, 4, "setDate/setTime/setTimestamp",
                () -> ps.setDate(2, Date.valueOf(DATE)),
                () -> ps.setTime(3, Time.valueOf(TIME)),
                () -> ps.setTimestamp(4, Timestamp.valueOf(DATE_TIME)),
                () -> ps.setTimestamp(5, Timestamp.valueOf(DATE_TIME)),
                () -> ps.setTime(6, Time.valueOf(TIME)));
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            insert(t, ps, 5, "setDate/setTime/setTimestamp with a UTC calendar",
                () -> ps.setDate(2, Date.valueOf(DATE), utc),
                () -> ps.setTime(3, Time.valueOf(TIME), utc),
                () -> ps.setTimestamp(4, Timestamp.valueOf(DATE_TIME), utc),
                () -> ps.setTimestamp(5, Timestamp.valueOf(DATE_TIME), utc),
                () -> ps.setTime(6, Time.valueOf(TIME), utc));
            insert(t, ps, 6, "setObject(Instant)",
                () -> ps.setObject(2, OFFSET_DATE_TIME.toInstant()),
                () -> ps.setObject(3, OFFSET_DATE_TIME.toInstant()),
                () -> ps.setObject(4, OFFSET_DATE_TIME.toInstant()),
                () -> ps.setObject(5, OFFSET_DATE_TIME.toInstant()),
                () -> ps.setObject(6, OFFSET_DATE_TIME.toInstant()));
            ZonedDateTime paris = OFFSET_DATE_TIME.atZoneSameInstant(java.time.ZoneId.of("Europe/Paris"));
            insert(t, ps, 7, "setObject(ZonedDateTime)",
                () -> ps.setObject(2, paris),
                () -> ps.setObject(3, paris),
                () -> ps.setObject(4, paris),
                () -> ps.setObject(5, paris),
                () -> ps.setObject(6, paris));
            insert(t, ps, 8, "setObject(LocalDateTime) into every column",
                () -> ps.setObject(2, DATE_TIME),
                () -> ps.setObject(3, DATE_TIME),
                () -> ps.setObject(4, DATE_TIME),
                () -> ps.setObject(5, DATE_TIME),
                () -> ps.setObject(6, DATE_TIME));
            insert(t, ps, 9, "nulls with java.time types",
                () -> ps.setObject(2, null, Types.DATE),
                () -> ps.setObject(3, null, Types.TIME),
                () -> ps.setObject(4, null, Types.TIMESTAMP),
                () -> ps.setObject(5, null, Types.TIMESTAMP_WITH_TIMEZONE),
                () -> ps.setObject(6, null, Types.TIME_WITH_TIMEZONE));
        }
        try (PreparedStatement ps = c.prepareStatement("select * from cf_time order by id");
             ResultSet rs = ps.executeQuery()) {
            t.metaData("time meta", rs.getMetaData());
            while (rs.next()) {
                String p = "row " + rs.getInt("id") + " ";
                for (String column : new String[] {"d", "t", "ts", "tstz", "tt"}) {
                    t.attempt(p + column + " getObject", () -> rs.getObject(column));
                    for (Class<?> type : READ_AS) {
                        t.attempt(p + column + " as " + type.getSimpleName(), () -> rs.getObject(column, type));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select id from cf_time where ts = ? or d = ? order by id")) {
            ps.setObject(1, DATE_TIME);
            ps.setObject(2, LocalDate.of(1999, 1, 1));
            try (ResultSet rs = ps.executeQuery()) {
                t.rows("where ts = LocalDateTime", rs);
            }
        }
        Sql.dropTables(c, "cf_time");
    }

    /**
     * Binds each column on its own, so a value one engine refuses costs only that column: the refusal
     * is recorded and the column is bound to NULL instead, and the row is still inserted.
     */
    private static void insert(Transcript t, PreparedStatement ps, int id, String how, Transcript.SqlAction... columns) {
        try {
            ps.clearParameters();
            ps.setInt(1, id);
        } catch (SQLException ex) {
            t.error("bind id " + id, ex);
            return;
        }
        for (int i = 0; i < columns.length; i++) {
            int index = i + 2;
            if (!t.attemptRun("bind " + id + " " + how + " column " + index, columns[i])) {
                t.attemptRun("bind " + id + " column " + index + " to NULL instead", () -> ps.setNull(index, Types.NULL));
            }
        }
        t.attempt("insert " + id + " " + how, ps::executeUpdate);
    }
}
