package io.dualaccess.events;

import io.dualaccess.context.RequestContext;

/**
 * A listener of the comparison log that counts the statements of aggregated outcomes
 * ({@code dualaccess.log.aggregate}: {@code match}, {@code skipped}, {@code transient}) one by one, as they happen,
 * instead of receiving their aggregated events: the metrics, the admin server's counters and
 * charts, the Actuator endpoint. A listener added with {@link EventLog#addListener} that implements
 * this interface gets {@link Tally#add} per statement of an aggregated outcome and is shown that
 * outcome's aggregated events only through {@link #aggregated} (it has counted them already); every other event reaches it as
 * before. A plain listener gets the aggregated events, each standing for {@link ComparisonEvent#count()}
 * statements.
 */
public interface StatementCounter {

    /**
     * What counts the statements of one kind ({@code read}, {@code write}) and outcome: asked once
     * per aggregate (fingerprint, reason, phase) and kept, so a statement costs no lookup here.
     * Called on any thread; keep it cheap.
     */
    Tally tally(String kind, Outcome outcome);

    /**
     * Shown, on the log's writer thread, each aggregated event of an outcome this counter has
     * counted statement by statement ({@link #tally}), as the log writes it: for views of recent
     * notable events ({@code transient} reads are aggregated by default). It must not count the
     * event's statements again. Does nothing by default.
     */
    default void aggregated(ComparisonEvent event) {
    }

    /** Counts statements of one kind and outcome. */
    @FunctionalInterface
    interface Tally {

        /** Counts nothing. */
        Tally NONE = (request, statements, aNanos, bNanos) -> {
        };

        /**
         * Counts statements, on the thread that observed them (the application's, or a shadow worker's).
         *
         * @param request the request being served when they ran, or null
         * @param statements how many (a batch counts each of its statements)
         * @param aNanos time each took on side A, 0 when A did not run it
         * @param bNanos time each took on side B, 0 when B did not run it
         */
        void add(RequestContext request, int statements, long aNanos, long bNanos);
    }
}
