package io.dualaccess.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFilesTest {

    @TempDir
    Path dir;

    private static void gzip(Path file, int from, int to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (int i = from; i < to; i++) {
                KnownLog.event(i).write(w);
            }
        }
    }

    /** The known log split as logrotate leaves it: .3.gz oldest, .2.gz, .1, then the live file. */
    private void rotated() throws IOException {
        gzip(dir.resolve("app.jsonl.3.gz"), 0, 250);
        gzip(dir.resolve("app.jsonl.2.gz"), 250, 500);
        KnownLog.write(dir.resolve("app.jsonl.1"), 500, 750);
        KnownLog.write(dir.resolve("app.jsonl"), 750, 1000);
    }

    @Test
    void aDirectoryIsReadOldestRotationFirst() throws IOException {
        rotated();
        Files.writeString(dir.resolve("notes.txt"), "not a log");

        List<Path> files = LogFiles.resolve(List.of(dir.toString()));

        assertThat(files).extracting(p -> p.getFileName().toString())
            .containsExactly("app.jsonl.3.gz", "app.jsonl.2.gz", "app.jsonl.1", "app.jsonl");
    }

    @Test
    void rotatedAndGzippedFilesSumToTheWholeLog() throws IOException {
        rotated();
        Summary split = new Summary(new Summary.Limits(50, 200), EventFilter.none(), Instant.now());
        split.readAll(LogFiles.resolve(List.of(dir.toString())));
        Path whole = Files.createTempFile(dir.getParent(), "whole", ".jsonl");
        KnownLog.write(whole);
        Summary one = new Summary(new Summary.Limits(50, 200), EventFilter.none(), Instant.now());
        one.readAll(List.of(whole));
        Files.delete(whole);

        assertThat(split.counted()).isEqualTo(1000);
        assertThat(split.malformed).isZero();
        assertThat(split.inputs).allSatisfy(in -> assertThat(in.error).isNull());
        assertThat(split.totals.outcomes.asMap()).isEqualTo(one.totals.outcomes.asMap());
        assertThat(split.totals.b.percentileMillis(99)).isEqualTo(one.totals.b.percentileMillis(99));
        assertThat(split.series.buckets().keySet()).isEqualTo(one.series.buckets().keySet());
    }

    @Test
    void gzipIsRecognisedByContentWhateverTheName() throws IOException {
        gzip(dir.resolve("renamed.jsonl"), 0, 10);

        Summary s = new Summary(new Summary.Limits(50, 200), EventFilter.none(), Instant.now());
        s.readAll(LogFiles.resolve(List.of(dir.resolve("renamed.jsonl").toString())));

        assertThat(s.counted()).isEqualTo(10);
    }

    @Test
    void globsMatchUnderTheirDirectory() throws IOException {
        rotated();
        Files.createDirectories(dir.resolve("host2"));
        KnownLog.write(dir.resolve("host2/app.jsonl"), 0, 5);

        assertThat(LogFiles.resolve(List.of(dir + "/app.jsonl.*"))).hasSize(3);
        assertThat(LogFiles.resolve(List.of(dir + "/*/app.jsonl"))).extracting(p -> p.getParent().getFileName().toString())
            .containsExactly("host2");
        assertThat(LogFiles.resolve(List.of(dir + "/**.gz"))).hasSize(2);
        // the same file named twice is read once
        assertThat(LogFiles.resolve(List.of(dir + "/app.jsonl", dir.resolve("app.jsonl").toString()))).hasSize(1);
    }

    @Test
    void anArgumentMatchingNothingIsAnError() {
        assertThatThrownBy(() -> LogFiles.resolve(List.of(dir + "/missing.jsonl")))
            .hasMessage("no comparison log matches '" + dir + "/missing.jsonl'");
        assertThatThrownBy(() -> LogFiles.resolve(List.of(dir + "/*.jsonl")))
            .hasMessageContaining("no comparison log matches");
    }

    @Test
    void aTruncatedGzipKeepsWhatWasReadAndSaysWhy() throws IOException {
        Path full = dir.resolve("full.jsonl.gz");
        gzip(full, 0, 1000);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        Summary s = new Summary(new Summary.Limits(50, 200), EventFilter.none(), Instant.now());
        s.readAll(List.of(cut));

        assertThat(s.inputs.get(0).error).isNotNull();
        assertThat(s.counted()).isGreaterThan(0).isLessThan(1000);
    }

    @Test
    void rotationOrderByName() {
        assertThat(LogFiles.stem("x.jsonl.12.gz")).isEqualTo("x.jsonl");
        assertThat(LogFiles.rotation("x.jsonl.12.gz")).isEqualTo(12);
        assertThat(LogFiles.rotation("x.jsonl")).isZero();
        List<Path> sorted = List.of(Path.of("x.jsonl"), Path.of("x.jsonl.10.gz"), Path.of("x.jsonl.2.gz"),
            Path.of("x-2026-11-24.jsonl.gz"), Path.of("x-2026-11-23.jsonl.gz")).stream()
            .sorted(LogFiles.ROTATION_ORDER).toList();
        assertThat(sorted).extracting(Path::toString).containsExactly(
            "x-2026-11-23.jsonl.gz", "x-2026-11-24.jsonl.gz", "x.jsonl.10.gz", "x.jsonl.2.gz", "x.jsonl");
    }
}
