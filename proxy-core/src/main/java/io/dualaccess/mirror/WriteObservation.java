package io.dualaccess.mirror;

import io.dualaccess.context.RequestContext;
import io.dualaccess.context.TraceIds;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.Observation;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.SideResult;
import io.dualaccess.sql.StatementInfo;

import java.util.function.Consumer;

/**
 * One mirrored write as observed on the application's thread: made by {@link Mirror#before} before
 * the authoritative call (its classification and work, the request and trace of this thread), completed as the call and the mirror run ({@link #authoritative}, {@link #outcome}), and
 * handed over by {@link Mirror#after}, which journals a divergence at once and gives the observation
 * to the event log, whose writer thread builds the comparison events from it.
 *
 * <p>Not shared while it is completed (one connection's thread); what it holds after is immutable
 * (parameter snapshots, results), so building its events on another thread is safe.
 */
final class WriteObservation implements Observation {

    private final Mirror mirror;
    private final String kind;
    private final StatementInfo info;
    private String tx;
    private final RequestContext request;
    private final TraceIds trace;
    private Work work;
    private SideResult a = SideResult.NOT_RUN;
    private SideResult b = SideResult.NOT_RUN;
    private Outcome outcome;
    private String reason;
    /** The shadow side's statements when they were translated (named in each event's {@code b.sql}), else null. */
    private Work translated;
    /** The statements of the work the events stand for: all of them, or one. */
    private int from;
    private int to;
    /** Filled by {@link Mirror#after}: when it was recorded and the phase in force then. */
    long epochMillis;
    String phase;

    WriteObservation(Mirror mirror, String kind, StatementInfo info, Work work) {
        this.mirror = mirror;
        this.kind = kind;
        this.info = info;
        this.work = work;
        this.request = RequestContext.current();
        this.trace = TraceIds.current(request);
        this.to = work.size();
    }

    /** The work as the mirror runs it (with the keys the authoritative side generated). */
    WriteObservation work(Work completed) {
        this.work = completed;
        this.to = completed.size();
        return this;
    }

    /** The transaction the write belongs to on its connection (named once the authoritative side ran it). */
    WriteObservation tx(String id) {
        this.tx = id;
        return this;
    }

    /** What the authoritative side did. */
    WriteObservation authoritative(SideResult result) {
        this.a = result;
        return this;
    }

    /** How the shadow side compared, why (or null), and what it did. */
    WriteObservation outcome(Outcome o, String why, SideResult shadowSide) {
        this.outcome = o;
        this.reason = why;
        this.b = shadowSide;
        return this;
    }

    /** The events stand for one statement of the work only. */
    WriteObservation only(int i) {
        this.from = i;
        this.to = i + 1;
        return this;
    }

    /** The shadow side ran this translation of the work. */
    WriteObservation translated(Work toShadow) {
        this.translated = toShadow;
        return this;
    }

    StatementInfo info() {
        return info;
    }

    Work work() {
        return work;
    }

    String tx() {
        return tx;
    }

    Outcome outcome() {
        return outcome;
    }

    String reason() {
        return reason;
    }

    SideResult authoritativeResult() {
        return a;
    }

    SideResult shadowResult() {
        return b;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    /**
     * Counts the statements into their aggregate in the log ({@code dualaccess.log.aggregate}) instead
     * of building their events: the first statement's SQL names it; no parameters are rendered.
     */
    void countInto(EventLog log) {
        boolean shadowIsB = mirror.shadowIsB();
        SideResult shadowSide = translated == null ? b : b.withSql(translated.sql(from));
        log.count(kind, phase, outcome, reason, info.fingerprint(), work.sql(from), info.tables(), info.nondeterministic(),
            shadowIsB ? a : shadowSide, shadowIsB ? shadowSide : a, null, request, count());
    }

    @Override
    public int count() {
        return to - from;
    }

    @Override
    public void events(Consumer<ComparisonEvent> sink) {
        boolean shadowIsB = mirror.shadowIsB();
        for (int i = from; i < to; i++) {
            SideResult shadowSide = translated == null ? b : b.withSql(translated.sql(i));
            SideResult sa = shadowIsB ? a : shadowSide;
            SideResult sb = shadowIsB ? shadowSide : a;
            sink.accept(new ComparisonEvent(epochMillis, kind, phase, outcome, reason, info.fingerprint(), work.sql(i),
                mirror.renderedParams(work.params(i)), sa, sb, info.tables(), tx, info.nondeterministic(), null, null,
                request, null, trace));
        }
    }
}
