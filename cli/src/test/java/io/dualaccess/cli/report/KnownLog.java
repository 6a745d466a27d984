package io.dualaccess.cli.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A generated log whose summary is known by construction: 1000 events, one a second from
 * {@link TestLog#BASE}. Event {@code i}:
 * <ul>
 *   <li>table {@code orders} when {@code i} is even, {@code items} when odd;</li>
 *   <li>fingerprint {@code select … from t<i % 4>};</li>
 *   <li>outcome by {@code i % 10}: 0 mismatch (orders: a read with a diff whose {@code value_a} is
 *       {@code i}), 1 b_error, 2 skipped (B not run: 0 ms), else match;</li>
 *   <li>A takes {@code i + 1} ms; B {@code 2 (i + 1)} ms when it ran;</li>
 *   <li>request path {@code /api/orders/…} when {@code i % 3 == 0}, else {@code /api/items/…}.</li>
 * </ul>
 */
final class KnownLog {

    static final int EVENTS = 1000;

    private KnownLog() {
    }

    static String outcome(int i) {
        return switch (i % 10) {
            case 0 -> "mismatch";
            case 1 -> "b_error";
            case 2 -> "skipped";
            default -> "match";
        };
    }

    static TestLog.Event event(int i) {
        String outcome = outcome(i);
        String table = i % 2 == 0 ? "orders" : "items";
        TestLog.Event e = TestLog.event()
            .at(i)
            .kind(i % 10 == 0 ? "read" : "write")
            .outcome(outcome)
            .tables(table)
            .fingerprint("select * from t" + (i % 4) + " where id = ?")
            .sql("select * from t" + (i % 4) + " where id = " + i)
            .ms(i + 1, "skipped".equals(outcome) ? 0 : 2.0 * (i + 1))
            .path(i % 3 == 0 ? "/api/orders/" + i : "/api/items/" + i);
        if ("b_error".equals(outcome)) {
            e.bError("relation \"" + table + "\" does not exist").counts(1, -1);
        }
        if ("skipped".equals(outcome)) {
            e.reason("breaker_open").counts(1, -1);
        }
        if ("mismatch".equals(outcome)) {
            e.counts(3, 2).diff(Map.of("kind", "value", "column", "total", "value_a", String.valueOf(i),
                "value_b", "x"));
        }
        return e;
    }

    static void write(Path file) throws IOException {
        write(file, 0, EVENTS);
    }

    /** Writes events {@code from} (inclusive) to {@code to} (exclusive). */
    static void write(Path file, int from, int to) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = from; i < to; i++) {
                event(i).write(w);
            }
        }
    }
}
