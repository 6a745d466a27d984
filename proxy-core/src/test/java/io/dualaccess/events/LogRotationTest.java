package io.dualaccess.events;

import io.dualaccess.config.FileMode;
import io.dualaccess.journal.DivergenceJournal;
import io.dualaccess.repair.Repair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The comparison log and the journal can be rotated without losing a line: by dualaccess itself
 * ({@code dualaccess.log.max-size}, {@code max-files}) and by logrotate in its default rename mode
 * (the file is renamed and the writer opens a new one at the path), after a removal, and with
 * {@code copytruncate}.
 */
class LogRotationTest {

    @TempDir
    Path dir;

    /** A write whose event is one line of its own (a mismatch: matches are aggregated, dualaccess.log.aggregate). */
    private static ComparisonEvent event(int i) {
        return new ComparisonEvent(i, "write", "dual-write", Outcome.MISMATCH, "update_count", "f-" + i, "insert into t values (" + i + ")",
            null, new SideResult(1, 0, null), new SideResult(0, 0, null), List.of("t"), "1-1", List.of());
    }

    /** Every line in the file and its rolled-over siblings, as the fingerprints they hold. */
    private List<String> fingerprints(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                for (String line : Files.readAllLines(f)) {
                    assertThat(line).as("whole JSON line in %s", f).startsWith("{\"ts\"").endsWith("}");
                    int at = line.indexOf("\"fingerprint\":\"") + 15;
                    out.add(line.substring(at, line.indexOf('"', at)));
                }
            }
        }
        return out;
    }

    @Test
    void rollingOverBySizeKeepsEveryEventAcrossFiles() throws Exception {
        Path file = dir.resolve("comparisons.jsonl");
        int n = 3_000;
        try (EventLog log = new EventLog(file, 100_000, ValueRenderer.MASKED, FileMode.OWNER_ONLY,
            new JsonLinesFile.Rollover(16 * 1024, Duration.ZERO, 0))) {
            for (int i = 0; i < n; i++) {
                log.publish(event(i));
                if (i % 500 == 0) {
                    // Several batches, so several rollovers.
                    int upTo = i + 1;
                    await().atMost(Duration.ofSeconds(30)).until(() -> log.written() == upTo);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> log.written() == n);
            assertThat(log.dropped()).isZero();
            assertThat(log.rolledOver()).isPositive();
        }
        List<String> seen = fingerprints(file);
        assertThat(seen).hasSize(n);
        assertThat(new HashSet<>(seen)).hasSize(n);
        assertThat(Files.exists(file.resolveSibling("comparisons.jsonl.2"))).isTrue();
    }

    @Test
    void maxFilesDeletesTheOldestRolledFiles() throws Exception {
        Path file = dir.resolve("comparisons.jsonl");
        try (JsonLinesFile f = new JsonLinesFile(file, FileMode.OWNER_ONLY, new JsonLinesFile.Rollover(1024, Duration.ZERO, 2))) {
            byte[] line = ("{\"x\":\"" + "y".repeat(600) + "\"}\n").getBytes();
            for (int i = 0; i < 10; i++) {
                f.append(line);
            }
            assertThat(f.rolledOver()).isEqualTo(9);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("comparisons.jsonl", "comparisons.jsonl.1", "comparisons.jsonl.2");
        }
    }

    /** logrotate's default: rename the file (and with {@code create} make a new empty one) while events keep coming. */
    @Test
    void logrotateRenameModeLosesNoEvent() throws Exception {
        Path file = dir.resolve("comparisons.jsonl");
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        try (EventLog log = new EventLog(file, 100_000, ValueRenderer.MASKED, FileMode.OWNER_ONLY)) {
            Thread app = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    log.publish(event(i));
                    published.set(i + 1);
                    if (i % 20 == 0) {
                        // An application's pace, not a flood the queue would have to drop.
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            app.start();
            for (int rotation = 1; rotation <= 5; rotation++) {
                // The writer must have noticed the previous rotation: two rotations before it looks
                // again would be one reopening (it writes on into the renamed file meanwhile).
                int rotated = rotation - 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> log.reopened() >= rotated);
                long before = log.written();
                await().atMost(Duration.ofSeconds(30)).until(() -> log.written() > before && Files.exists(file));
                // What logrotate does: shift the old ones, rename the live file, create an empty one.
                for (int k = rotation - 1; k >= 1; k--) {
                    Files.move(dir.resolve("comparisons.jsonl." + k), dir.resolve("comparisons.jsonl." + (k + 1)));
                }
                Files.move(file, dir.resolve("comparisons.jsonl.1"));
                if (rotation % 2 == 0) {
                    Files.createFile(file);
                }
            }
            stop.set(true);
            app.join();
            await().atMost(Duration.ofSeconds(30)).until(() -> log.written() + log.dropped() == published.get());
            assertThat(log.dropped()).isZero();
            assertThat(log.reopened()).isEqualTo(5);
        }
        List<String> seen = fingerprints(file);
        assertThat(seen).hasSize(published.get());
        assertThat(new HashSet<>(seen)).hasSize(published.get());
    }

    @Test
    void aRemovedFileIsCreatedAgain() throws Exception {
        Path file = dir.resolve("comparisons.jsonl");
        try (EventLog log = new EventLog(file, 1000, ValueRenderer.MASKED, FileMode.OWNER_ONLY)) {
            log.publish(event(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.written() == 1);
            Files.delete(file);
            log.publish(event(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.written() == 2);
        }
        assertThat(fingerprints(file)).containsExactly("f-2");
    }

    /** copytruncate: the writer appends at the new end, with no hole of zero bytes before it. */
    @Test
    void aTruncatedFileGoesOnAtItsNewEnd() throws Exception {
        Path file = dir.resolve("comparisons.jsonl");
        try (JsonLinesFile f = new JsonLinesFile(file, FileMode.OWNER_ONLY, JsonLinesFile.Rollover.NEVER)) {
            f.append("{\"n\":1}\n{\"n\":2}\n".getBytes());
            Files.copy(file, dir.resolve("comparisons.jsonl.1"));
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
            f.append("{\"n\":3}\n".getBytes());
        }
        assertThat(Files.readString(file)).isEqualTo("{\"n\":3}\n");
        assertThat(Files.readString(dir.resolve("comparisons.jsonl.1"))).isEqualTo("{\"n\":1}\n{\"n\":2}\n");
    }

    /** The journal shares the writer: it rolls over too, with fsync=always, and repair reads every file. */
    @Test
    void theJournalRollsOverAndRepairReadsEveryFile() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        int n = 400;
        try (DivergenceJournal j = new DivergenceJournal(file, "always", FileMode.OWNER_ONLY,
            new JsonLinesFile.Rollover(4096, Duration.ZERO, 0))) {
            for (int i = 0; i < n; i++) {
                j.append(new DivergenceJournal.Entry(0, "b_error", "1-" + i, "insert into t" + i + " values (1)",
                    null, List.of("t" + i), 1, -1, null, "f", null));
            }
            assertThat(j.entries()).isEqualTo(n);
        }
        List<Path> files = DivergenceJournal.files(file);
        assertThat(files).hasSizeGreaterThan(2).last().isEqualTo(file);
        int lines = 0;
        for (Path f : files) {
            lines += Files.readAllLines(f).size();
        }
        assertThat(lines).isEqualTo(n);
        List<String> tables = Repair.journalTables(file);
        assertThat(tables).hasSize(n).startsWith("t0", "t1").endsWith("t" + (n - 1));
    }

    @Test
    void sizesAreParsedWithUnits() {
        assertThat(io.dualaccess.config.ConfigType.SIZE_OR_OFF.parse("100MB")).isEqualTo(100L << 20);
        assertThat(io.dualaccess.config.ConfigType.SIZE_OR_OFF.parse("off")).isEqualTo(0L);
        assertThat(io.dualaccess.config.ConfigType.SIZE_OR_OFF.parse("2048")).isEqualTo(2048L);
        try {
            io.dualaccess.config.ConfigType.SIZE_OR_OFF.parse("12");
            throw new AssertionError("12 bytes accepted");
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("1KB");
        }
    }
}
