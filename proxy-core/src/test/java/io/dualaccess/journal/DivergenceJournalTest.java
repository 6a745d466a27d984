package io.dualaccess.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal survives a crash between A's commit and B's: an intent without completion is
 * reported on the next start as an entry naming the transaction's tables; completed intents are
 * not. Entries from many threads with {@code fsync=always} all land, whole.
 */
class DivergenceJournalTest {

    @TempDir
    Path dir;

    @Test
    void anIntentWithoutCompletionIsReportedAtTheNextStart() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        DivergenceJournal crashed = new DivergenceJournal(file, "always");
        crashed.intent("1-1", List.of("orders", "order_lines"));
        crashed.intent("1-2", List.of("payments"));
        crashed.completed("1-2");
        // No close: the process "dies" here, with 1-1 committed on A and not on B.
        assertThat(DivergenceJournal.unfinished(file)).containsExactly(List.of("orders", "order_lines"));
        try (DivergenceJournal restarted = new DivergenceJournal(file, "interval")) {
            assertThat(restarted.entries()).isEqualTo(1);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).singleElement().satisfies(l -> assertThat(l)
            .contains("\"reason\":\"unfinished_transaction\"", "\"tx\":\"1-1\"", "\"tables\":[\"orders\",\"order_lines\"]"));
        // Reported once: the intents were reset with it.
        assertThat(DivergenceJournal.unfinished(file)).isEmpty();
        try (DivergenceJournal again = new DivergenceJournal(file, "interval")) {
            assertThat(again.entries()).isZero();
        }
    }

    @Test
    void groupedFsyncKeepsEveryEntryWhole() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        int threads = 8;
        int each = 200;
        try (DivergenceJournal j = new DivergenceJournal(file, "always")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        j.append(new DivergenceJournal.Entry(0, "skipped:breaker_open", thread + "-" + i, "insert into t values (1)",
                            null, List.of("t"), 1, -1, null, "f", null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * each).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
    }
}
