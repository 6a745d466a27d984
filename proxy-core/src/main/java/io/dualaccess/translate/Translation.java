package io.dualaccess.translate;

/**
 * What the other side runs for one SQL text: the same text, B's SQL with its parameter plan, or
 * nothing (skipped, with the reason for the event and a message). Immutable and cached per text.
 */
public final class Translation {

    /** The other side runs the text as it is, with the same parameters. */
    public static final Translation SAME = new Translation(null, null, null, false, false);

    /** Outcome reason of a statement the translator cannot translate. */
    public static final String UNTRANSLATABLE = "untranslatable";
    /** Outcome reason of a statement skipped by an entry of {@code dualaccess.b.sql-overrides}. */
    public static final String OVERRIDE = "override";

    private final SqlTemplate template;
    private final String skipReason;
    private final String message;
    private final boolean changed;
    private final boolean upsert;

    private Translation(SqlTemplate template, String skipReason, String message, boolean changed, boolean upsert) {
        this.template = template;
        this.skipReason = skipReason;
        this.message = message;
        this.changed = changed;
        this.upsert = upsert;
    }

    /**
     * B's SQL and plan.
     *
     * @param upsert whether one side counts it as MySQL does an {@code ON DUPLICATE KEY UPDATE} (2 for an updated row)
     */
    static Translation of(SqlTemplate template, boolean upsert) {
        return new Translation(template, null, null, true, upsert);
    }

    /** Not sent to the other side: {@code reason} as the event's reason, {@code message} as its error. */
    static Translation skip(String reason, String message) {
        return new Translation(null, reason, message, false, false);
    }

    /**
     * Whether the statement is an upsert that MariaDB or MySQL counts on one side (2 for a row it
     * updated, where PostgreSQL counts 1): update counts then compare as rows touched.
     */
    public boolean upsert() {
        return upsert;
    }

    /** Whether the statement is not sent to the other side. */
    public boolean skipped() {
        return skipReason != null;
    }

    /** The reason for the event when skipped ({@code untranslatable}, {@code override}), else null. */
    public String reason() {
        return skipReason;
    }

    /** Why it is skipped (the parser's message, or the override's reason), else null. */
    public String message() {
        return message;
    }

    /** Whether the other side runs other SQL than the application's (or other parameters). */
    public boolean translated() {
        return changed;
    }

    /** B's SQL and parameter plan, or null when the text is sent as it is or skipped. */
    public SqlTemplate template() {
        return template;
    }

    @Override
    public String toString() {
        return skipped() ? "skipped " + skipReason + ": " + message : template == null ? "same" : template.toString();
    }
}
