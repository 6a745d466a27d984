package io.dualaccess.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The row-locking clause at the end of a read ({@code FOR UPDATE}, {@code FOR SHARE},
 * {@code FOR NO KEY UPDATE}, {@code FOR KEY SHARE}, with {@code OF …}, {@code NOWAIT},
 * {@code SKIP LOCKED} or {@code WAIT n}; MariaDB's {@code LOCK IN SHARE MODE}). A shadow read
 * replays a locking read without it: the replay runs read-only (PostgreSQL refuses a locking read
 * there), and it must never take locks on the shadow side, where they would block the mirror.
 * Without the clause the read returns the same rows; which rows it locks is the authoritative
 * side's business.
 */
public final class LockingClause {

    private static final Pattern TRAILING = Pattern.compile(
        "\\s+(?:for\\s+(?:update|share|no\\s+key\\s+update|key\\s+share)(?:\\s+of\\s+[^;']*?)?"
            + "(?:\\s+(?:nowait|skip\\s+locked|wait\\s+\\d+))?|lock\\s+in\\s+share\\s+mode)\\s*;?\\s*$",
        Pattern.CASE_INSENSITIVE);

    private LockingClause() {
    }

    /** Whether a read's fingerprint ends in a locking clause (cheap: no regular expression). */
    public static boolean present(StatementInfo info) {
        String f = info.fingerprint();
        return f.contains(" for update") || f.contains(" for share") || f.contains(" for no key update")
            || f.contains(" for key share") || f.contains(" lock in share mode");
    }

    /** The read without its trailing locking clause; the same text when it has none. */
    public static String strip(String sql) {
        Matcher m = TRAILING.matcher(sql);
        return m.find() ? sql.substring(0, m.start()) : sql;
    }
}
