package io.dualaccess.cli.report;

/**
 * The latest event of a group whose outcome was not a match: what a reader looks at first. Texts
 * are copied out of the line and abbreviated, so a group holds a bounded amount. {@code aSql} and
 * {@code bSql} are the SQL a side ran instead of the application's (translated), else null.
 */
record Problem(long epochMillis, String ts, String kind, String outcome, String reason, String sql,
               Long aCount, Long bCount, String countField, String aError, String bError,
               String diffJson, String requestPath, String aSql, String bSql) {

    static final int MAX_TEXT = 2000;

    static Problem of(LogEvent e) {
        return new Problem(e.epochMillis, e.ts, e.kind, e.outcome, e.reason,
            EventParser.abbreviate(e.sql, MAX_TEXT),
            e.a.count, e.b.count, e.a.countField != null ? e.a.countField : e.b.countField,
            EventParser.abbreviate(e.a.error, MAX_TEXT), EventParser.abbreviate(e.b.error, MAX_TEXT),
            e.diffJson, EventParser.abbreviate(e.requestPath, MAX_TEXT),
            EventParser.abbreviate(e.a.sql, MAX_TEXT), EventParser.abbreviate(e.b.sql, MAX_TEXT));
    }
}
