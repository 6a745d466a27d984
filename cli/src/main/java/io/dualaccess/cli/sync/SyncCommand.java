package io.dualaccess.cli.sync;

import io.dualaccess.DualAccessConfig;
import io.dualaccess.cdc.Sync;
import io.dualaccess.cdc.SyncSettings;
import io.dualaccess.config.ConfigDiscovery;
import io.dualaccess.events.EventLog;
import io.dualaccess.translate.Translators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code dualaccess sync}: keeps B in sync from A's change log (an initial snapshot, then
 * streaming) until stopped, printing the sync's position, lag and counts now and then.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Keep B in sync from A's change log: copy the tables of dualaccess.sync.tables, then apply every change A commits,",
        "each of A's transactions in one B transaction with its position, until stopped (Ctrl-C, SIGTERM, or --for).",
        "A restart resumes from the position stored in B. See docs/cdc.md."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped, and the sync was applying changes when it stopped",
        "1:stopped while the sync was failing (A or B unreachable, a change B refused); the last error is printed",
        "2:could not run (bad usage, configuration)",
    })
public final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "The properties file (dualaccess.a.url/user/password for A, dualaccess.b.* for B, dualaccess.sync.*). "
            + "Default: as the driver finds it; system properties dualaccess.* and DUALACCESS_* variables override it.")
    Path config;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long (ISO-8601 such as PT10M, or 30s, 10m). Default: until stopped.")
    String runFor;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "10s",
        description = "How often one status line is printed (position, lag, counts). Default: ${DEFAULT-VALUE}.")
    String statusEvery;

    @Option(names = "--log", paramLabel = "FILE",
        description = "Also append the status, as comparison-log events of kind sync (JSON lines), to FILE: "
            + "dualaccess report FILE then shows the sync's lag, position, events and errors.")
    Path log;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Sync sync;
        Duration limit;
        Duration every;
        try {
            limit = runFor == null ? null : duration("--for", runFor);
            every = duration("--status-every", statusEvery);
            ConfigDiscovery.NamedFile file = config == null ? null : new ConfigDiscovery.NamedFile(config, "option --config");
            DualAccessConfig c = DualAccessConfig.from(ConfigDiscovery.discover(SyncCommand.class.getClassLoader(), System.getProperties(), System.getenv(), null, file));
            sync = Sync.start(SyncSettings.of(c), Translators.mapping(c), new SimpleMeterRegistry());
        } catch (Exception e) {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            err.println("dualaccess sync: " + (message.startsWith("dualaccess: ") ? message.substring("dualaccess: ".length()) : message));
            err.flush();
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            sync.close();
        }, "dualaccess-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                long wait = Math.min(every.toNanos(), deadline - System.nanoTime());
                if (stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                    break;
                }
                out.println(line(sync.status()));
                out.flush();
                log(sync, err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook closes the sync
            }
        }
        Map<String, Object> last = sync.status();
        sync.close();
        log(sync, err);
        out.println(line(last));
        out.flush();
        // failing: waiting to restart, or starting again after a failure
        if ("restarting".equals(last.get("state"))
            || "starting".equals(last.get("state")) && last.get("errors") instanceof Number n && n.longValue() > 0) {
            err.println("dualaccess sync: stopped while failing: " + last.get("last_error"));
            err.flush();
            return 1;
        }
        return 0;
    }

    /** Appends the sync's state to {@code --log} as one {@code kind: sync} event. */
    private void log(Sync sync, PrintWriter err) {
        if (log == null) {
            return;
        }
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            EventLog.write(w, sync.metrics().event(null, List.copyOf(sync.settings().tables()))); // one line, newline included
        } catch (IOException e) {
            err.println("dualaccess sync: warning: cannot write " + log + ": " + e);
            err.flush();
        }
    }

    private static String line(Map<String, Object> s) {
        return "sync " + s.get("name") + ": " + s.get("state") + ", lag " + s.get("lag_ms") + " ms (p50 " + s.get("lag_p50_ms")
            + ", p99 " + s.get("lag_p99_ms") + "), snapshot rows " + s.get("snapshot_rows") + ", events " + s.get("events")
            + ", transactions " + s.get("transactions") + ", errors " + s.get("errors") + ", position " + s.get("position");
    }

    private static Duration duration(String option, String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " = '" + text + "': expected a duration such as 30s, 10m, 1h or PT10M");
        }
    }
}
