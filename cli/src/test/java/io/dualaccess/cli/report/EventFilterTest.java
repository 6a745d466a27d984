package io.dualaccess.cli.report;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFilterTest {

    @TempDir
    Path dir;
    private Path log;

    @BeforeEach
    void writeLog() throws IOException {
        log = dir.resolve("known.jsonl");
        KnownLog.write(log);
    }

    private Summary with(EventFilter f) {
        Summary s = new Summary(new Summary.Limits(50, 200), f, Instant.now());
        s.readAll(List.of(log));
        return s;
    }

    private static EventFilter filter(Instant since, Instant until, List<String> tables, List<String> outcomes,
                                      List<String> kinds, List<String> paths) {
        return new EventFilter(since, until, tables, outcomes, kinds, paths);
    }

    @Test
    void sinceIsInclusiveUntilExclusive() {
        Summary s = with(filter(TestLog.BASE.plusSeconds(100), TestLog.BASE.plusSeconds(200), null, null, null, null));

        assertThat(s.counted()).isEqualTo(100);
        assertThat(s.filteredOut).isEqualTo(900);
        assertThat(s.totals.firstMillis).isEqualTo(TestLog.BASE.plusSeconds(100).toEpochMilli());
        assertThat(s.totals.lastMillis).isEqualTo(TestLog.BASE.plusSeconds(199).toEpochMilli());
    }

    @Test
    void byTableKeepsEventsTouchingItAndShowsOnlyIt() {
        Summary s = with(filter(null, null, List.of("ORDERS"), null, null, null));

        assertThat(s.counted()).isEqualTo(500);
        assertThat(s.tables.ranked()).extracting(Map.Entry::getKey).containsExactly("orders");
    }

    @Test
    void byOutcomeAndKind() {
        assertThat(with(filter(null, null, null, List.of("mismatch,b_error"), null, null)).counted()).isEqualTo(200);
        assertThat(with(filter(null, null, null, null, List.of("read"), null)).counted()).isEqualTo(100);
        assertThat(with(filter(null, null, null, List.of("match"), List.of("read"), null)).counted()).isZero();
    }

    @Test
    void byRequestPathPrefix() {
        Summary s = with(filter(null, null, null, null, null, List.of("/api/orders/")));

        // i % 3 == 0 for i in 0..999
        assertThat(s.counted()).isEqualTo(334);
        assertThat(with(filter(null, null, null, null, null, List.of("/api/orders/", "/api/items/"))).counted())
            .isEqualTo(1000);
        assertThat(with(filter(null, null, null, null, null, List.of("/admin"))).counted()).isZero();
    }

    @Test
    void filtersCombine() {
        Summary s = with(filter(TestLog.BASE, TestLog.BASE.plusSeconds(500), List.of("orders"), List.of("mismatch"),
            null, null));

        assertThat(s.counted()).isEqualTo(50);
    }

    @Test
    void timesParseAsIsoOrBackFromNow() {
        Instant now = Instant.parse("2026-11-25T18:00:00Z");
        assertThat(EventFilter.parseTime("--since", "2h", now)).isEqualTo(Instant.parse("2026-11-25T16:00:00Z"));
        assertThat(EventFilter.parseTime("--since", "1h30m", now)).isEqualTo(Instant.parse("2026-11-25T16:30:00Z"));
        assertThat(EventFilter.parseTime("--since", "7d", now)).isEqualTo(Instant.parse("2026-11-18T18:00:00Z"));
        assertThat(EventFilter.parseTime("--since", "90s", now)).isEqualTo(Instant.parse("2026-11-25T17:58:30Z"));
        assertThat(EventFilter.parseTime("--since", "2026-11-25T16:00:00Z", now))
            .isEqualTo(Instant.parse("2026-11-25T16:00:00Z"));
        assertThat(EventFilter.parseTime("--since", "2026-11-25T17:00:00+01:00", now))
            .isEqualTo(Instant.parse("2026-11-25T16:00:00Z"));
        assertThat(EventFilter.parseTime("--since", "2026-11-25T16:00", now))
            .isEqualTo(Instant.parse("2026-11-25T16:00:00Z"));
        assertThat(EventFilter.parseTime("--until", "2026-11-25", now)).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThatThrownBy(() -> EventFilter.parseTime("--since", "yesterday", now))
            .hasMessageStartingWith("--since 'yesterday': expected an ISO-8601 time");
        assertThatThrownBy(() -> EventFilter.parseTime("--since", "2h tomorrow", now))
            .hasMessageStartingWith("--since '2h tomorrow'");
    }
}
