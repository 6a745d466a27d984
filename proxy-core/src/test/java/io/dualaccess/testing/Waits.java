package io.dualaccess.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * The waits of the tests, on Awaitility: events and journal entries are written by background
 * threads, so a test waits for them, never for a fixed time.
 */
public final class Waits {

    /** Longest wait for anything a background thread writes; generous for a loaded machine. */
    public static final Duration LONGEST = Duration.ofSeconds(20);

    private Waits() {
    }

    /**
     * The lines of a JSON-lines file once it has at least {@code expected}, or what it has after
     * {@link #LONGEST}: the assertions that follow then name what is missing.
     */
    public static List<String> lines(Path file, int expected) {
        try {
            await().atMost(LONGEST).pollInterval(Duration.ofMillis(25)).until(() -> read(file).size() >= expected);
        } catch (ConditionTimeoutException e) {
            // Fall through with what is there.
        }
        return read(file);
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@link #LONGEST}. */
    public static void until(String what, BooleanSupplier condition) {
        await(what).atMost(LONGEST).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
