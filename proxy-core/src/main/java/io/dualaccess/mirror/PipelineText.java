package io.dualaccess.mirror;

import io.dualaccess.param.CapturedParameters.Param;
import io.dualaccess.sql.JoinableText;

/**
 * What a mirrored statement needs to travel in a pipeline ({@code dualaccess.mirror.pipeline}):
 * several statements joined into one text, which PostgreSQL's driver sends as one Parse/Bind/Execute
 * per statement and one Sync, its {@code ?} parameters numbered across the whole text.
 *
 * <p>A text qualifies only when joining cannot change what it means ({@link JoinableText}, found once
 * per text by the classification) and its placeholders are exactly the parameters the application set
 * (1..n, none unset). Anything else runs alone, as before.
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
     * may not (see the class comment). A classified statement carries it
     * ({@link io.dualaccess.sql.StatementInfo#joinableParameters()}); this scans the text.
     */
    static int placeholders(String sql) {
        return JoinableText.placeholders(sql);
    }

    /**
     * The placeholders of texts the translator wrote for the shadow side (another engine's SQL for a
     * PostgreSQL B), which no classification holds: kept per connection, 16 texts at most (a text
     * takes the slot of its hash; one that meets another there replaces it), so a transaction
     * repeating its texts scans each once. A translation cached by the translator hands out the same
     * text each time, so a hit usually compares one reference.
     */
    static final class Scanned {
        private static final int SLOTS = 16;
        private final String[] texts = new String[SLOTS];
        private final int[] placeholders = new int[SLOTS];
        private int scans;

        /** {@link PipelineText#placeholders} of the text, scanned only when this cache does not hold it. */
        int of(String sql) {
            int slot = sql.hashCode() & (SLOTS - 1);
            String t = texts[slot];
            if (t == sql || sql.equals(t)) {
                return placeholders[slot];
            }
            int n = placeholders(sql);
            scans++;
            texts[slot] = sql;
            placeholders[slot] = n;
            return n;
        }

        /** How many texts were scanned (for tests). */
        int scans() {
            return scans;
        }
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
