package io.dualaccess.journal;

import io.dualaccess.config.FileMode;
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
    void intentsPastOneMappingAndUnusualTableNamesAreReadBackAfterACrash() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        DivergenceJournal crashed = new DivergenceJournal(file, "interval");
        // More lines than one mapping holds: the file grows by another mapping on the way.
        int n = 3 * Intents.CHUNK / 60;
        for (int i = 0; i < n; i++) {
            crashed.intent("1-" + i, List.of("orders"));
            crashed.completed("1-" + i);
        }
        crashed.intent("2-1", List.of("we\"ird\\name", "tab\tle", "käse.straße"));
        crashed.intent("2-2", List.of("orders"));
        crashed.completed("2-2");
        // No close: the rest of the last mapping is zero bytes, which readers skip.
        assertThat(Files.size(Path.of(file + ".intents"))).isGreaterThan(Intents.CHUNK);
        assertThat(DivergenceJournal.unfinished(file)).containsExactly(List.of("we\"ird\\name", "tab\tle", "käse.straße"));
    }

    @Test
    void aClosedIntentsFileHoldsItsLinesOnly() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (DivergenceJournal j = new DivergenceJournal(file, "always")) {
            j.intent("1-1", List.of("orders"));
            j.completed("1-1");
            j.intent("1-2", List.of("payments"));
        }
        List<String> lines = Files.readAllLines(Path.of(file + ".intents"));
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(DivergenceJournal.unfinished(file)).containsExactly(List.of("payments"));
        // Opened again (after a clean end the file is recovered and emptied): still readable, appendable.
        try (DivergenceJournal j = new DivergenceJournal(file, "interval")) {
            assertThat(j.entries()).isEqualTo(1);
            j.intent("2-1", List.of("stock"));
        }
        assertThat(DivergenceJournal.unfinished(file)).containsExactly(List.of("stock"));
    }

    @Test
    void whereNoMappingIsPossibleTheLinesAreWrittenWithSystemCalls() throws Exception {
        Path file = dir.resolve("journal.jsonl.intents");
        Intents written = new Intents(file, true, FileMode.OWNER_ONLY, false);
        written.intent("1-1", List.of("orders"));
        written.intent("1-2", List.of("payments"));
        written.completed("1-1");
        // No close: nothing but lines in the file, and the open intent read back.
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(Intents.read(file)).containsOnlyKeys("1-2");
        written.close();
    }

    @Test
    void theIntentsFileIsRewrittenWithItsOpenIntentsWhenLarge() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (DivergenceJournal j = new DivergenceJournal(file, "never")) {
            j.intent("0-open", List.of("kept"));
            // About 6 MB of lines: past the size at which the file is rewritten.
            for (int i = 0; i < 100_000; i++) {
                j.intent("1-" + i, List.of("orders"));
                j.completed("1-" + i);
            }
            assertThat(Files.size(Path.of(file + ".intents"))).isLessThan(Intents.ROTATE_BYTES + Intents.CHUNK);
            assertThat(DivergenceJournal.unfinished(file)).containsExactly(List.of("kept"));
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
