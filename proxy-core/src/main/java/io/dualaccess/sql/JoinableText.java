package io.dualaccess.sql;

/**
 * Whether a SQL text may be joined with others into one multi-statement text, which PostgreSQL's
 * driver sends as one Parse/Bind/Execute per statement and one Sync, its {@code ?} parameters numbered
 * across the whole text (the mirror's pipeline, {@code dualaccess.mirror.pipeline}).
 *
 * <p>A text qualifies only when joining cannot change what it means and its parameters can be laid
 * end to end without doubt: no {@code ;} (the separator) and no {@code --} comment (it would swallow
 * the separator's line), no backslash ({@code E'…'} strings), no {@code $} (dollar quotes, positional
 * parameters), no {@code ??} (the driver's escape of the {@code ?} operator). Its placeholders are
 * counted outside quotes and block comments. The classification of a write carries the answer
 * ({@link StatementInfo#joinableParameters()}), so a text is scanned once, not at every execution.
 */
public final class JoinableText {

    private JoinableText() {
    }

    /**
     * The number of {@code ?} placeholders of a text that may be joined with others, or -1 when it
     * may not (see the class comment).
     */
    public static int placeholders(String sql) {
        // Anywhere in the text, quoted or not: the cheap, conservative check.
        if (sql.indexOf(';') >= 0 || sql.indexOf('\\') >= 0 || sql.indexOf('$') >= 0 || sql.contains("--")) {
            return -1;
        }
        int n = 0;
        int len = sql.length();
        for (int i = 0; i < len; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '?' -> {
                    if (i + 1 < len && sql.charAt(i + 1) == '?') {
                        return -1;
                    }
                    n++;
                }
                case '\'', '"' -> {
                    int end = sql.indexOf(c, i + 1);
                    if (end < 0) {
                        return -1;
                    }
                    // a doubled quote inside is the next round of this loop's quote: it closes and reopens
                    i = end;
                }
                case '/' -> {
                    if (i + 1 < len && sql.charAt(i + 1) == '*') {
                        int end = sql.indexOf("*/", i + 2);
                        if (end < 0 || sql.indexOf("/*", i + 2) >= 0 && sql.indexOf("/*", i + 2) < end) {
                            // unterminated, or nested (PostgreSQL nests block comments)
                            return -1;
                        }
                        i = end + 1;
                    }
                }
                default -> {
                }
            }
        }
        return n;
    }
}
