package io.dualaccess.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualaccess.events.ComparisonEvent;
import io.dualaccess.events.EventLog;
import io.dualaccess.events.NotableEvents;
import io.dualaccess.events.Outcome;
import io.dualaccess.events.StatementCounter;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the Actuator endpoint shows of the comparison events: counts by outcome and a bounded ring
 * of the latest events that say B did not answer like A (mismatch, transient, b_error, timeout).
 * Fed on the publishing thread: a match only adds to a counter, nothing waits on I/O.
 */
public final class RecentEvents implements Consumer<ComparisonEvent>, StatementCounter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final NotableEvents recent;

    /** @param capacity notable events kept */
    public RecentEvents(int capacity) {
        this.recent = new NotableEvents(capacity);
        for (Outcome o : Outcome.values()) {
            counts.put(o, new LongAdder());
        }
    }

    @Override
    public void accept(ComparisonEvent e) {
        // An aggregated event (dropped reads) stands for count statements.
        counts.get(e.outcome()).add(e.count());
        recent.keep(e);
    }

    /** An aggregate of statements counted already ({@code transient} reads, say): kept if notable, not counted again. */
    @Override
    public void aggregated(ComparisonEvent e) {
        recent.keep(e);
    }

    /** Statements of aggregated outcomes (match, skipped, transient: {@code dualaccess.log.aggregate}), counted as each happens. */
    @Override
    public Tally tally(String kind, Outcome outcome) {
        LongAdder n = counts.get(outcome);
        return (request, statements, a, b) -> n.add(statements);
    }

    /** Events seen so far by outcome ({@code match}, {@code mismatch}, ...), zeros left out. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((o, n) -> {
            long v = n.sum();
            if (v > 0) {
                out.put(o.value(), v);
            }
        });
        return out;
    }

    /** The latest notable events, newest first, each exactly as the comparison log writes it (values masked as configured). */
    public List<Map<String, Object>> latest(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ComparisonEvent e : recent.newestFirst()) {
            if (out.size() == limit) {
                break;
            }
            out.add(asMap(e));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(ComparisonEvent e) {
        StringWriter w = new StringWriter(512);
        try {
            EventLog.write(w, e);
            return JSON.readValue(w.toString(), LinkedHashMap.class);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
