package io.dualaccess.mirror;

import io.dualaccess.param.CapturedParameters.Param;

/**
 * What a mirrored statement needs to travel in a pipeline ({@code dualaccess.mirror.pipeline}):
 * several statements joined into one text, which PostgreSQL's driver sends as one Parse/Bind/Execute
 * per statement and one Sync, its {@code ?} parameters numbered across the whole text.
 *
 * <p>A text qualifies only when joining cannot change what it means and its parameters can be laid
 * end to end without doubt: no {@code ;} (the separator) and no {@code --} comment (it would swallow
 * the separator's line), no backslash ({@code E'…'} strings), no {@code $} (dollar quotes, positional
 * parameters), no {@code ??} (the driver's escape of the {@code ?} operator); its placeholders, counted
 * outside quotes and block comments, must be exactly the parameters the application set (1..n, none
 * unset). Anything else runs alone, as before.
 */
final class PipelineText {

    /** The separator between statements: its own line, so no statement's last token touches the next one. */
    static final String SEPARATOR = "\n;\n";
    /** The savepoint a pipeline runs under when the shadow transaction holds earlier work. */
    static final String SAVEPOINT = "SAVEPOINT dualaccess_pipeline";
    static final String RELEASE = "RELEASE SAVEPOINT dualaccess_pipeline";
    static final String ROLLBACK_TO = "ROLLBACK TO SAVEPOINT dualaccess_pipeline";

    private PipelineText() {
    }

    /**
     * The number of {@code ?} placeholders of a text that may be joined with others, or -1 when it
     * may not (see the class comment).
     */
    static int placeholders(String sql) {
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

    /**
     * Whether a snapshot of parameters sets exactly indexes 1..{@code placeholders}: then the
     * parameters of the statements can be laid end to end in the joined text.
     */
    static boolean complete(Param[] params, int placeholders) {
        int n = params == null ? 0 : params.length;
        if (n != placeholders) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            Param p = params[i];
            if (p == null || p.index() != i + 1) {
                return false;
            }
        }
        return true;
    }

    /** Roughly what a snapshot of parameters holds in memory, for the pipeline's bound. */
    static long bytes(Param[] params) {
        long bytes = 0;
        if (params == null) {
            return 0;
        }
        for (Param p : params) {
            if (p == null) {
                continue;
            }
            Object a = p.a();
            if (a instanceof String s) {
                bytes += 40L + 2L * s.length();
            } else if (a instanceof byte[] b) {
                bytes += 16L + b.length;
            } else {
                bytes += 32;
            }
        }
        return bytes;
    }
}
