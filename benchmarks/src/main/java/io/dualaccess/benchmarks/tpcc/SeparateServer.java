package io.dualaccess.benchmarks.tpcc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of B's own, made with {@code initdb} and {@code pg_ctl} from a PostgreSQL
 * bin directory in a temporary data directory on a free port, stopped and deleted on close. B's
 * work then runs in processes apart from A's server and from the client, so it can be measured
 * ({@link #cpuNanos()}). Settings as the test servers' ({@code fsync} and
 * {@code synchronous_commit} off). Run as root, the server runs as the {@code postgres} user.
 */
final class SeparateServer implements AutoCloseable {

    static final String DATABASE = "tpcc_b";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private final String user;
    private final String password;

    private SeparateServer(Path bin, Path dir, int port, String user, String password) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = "root".equals(System.getProperty("user.name"));
        this.user = user;
        this.password = password;
    }

    /** Creates and starts the server with a superuser {@code user} and the database {@link #DATABASE}. */
    static SeparateServer start(Path pgBin, String user, String password) throws IOException, InterruptedException, SQLException {
        if (!Files.isExecutable(pgBin.resolve("initdb")) || !Files.isExecutable(pgBin.resolve("pg_ctl"))) {
            throw new IllegalArgumentException("no initdb and pg_ctl in " + pgBin + " (set --pg-bin or TEST_PG_BIN)");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "dualaccess-tpcc-b-");
        SeparateServer s = new SeparateServer(pgBin, dir, freePort(), user, password);
        try {
            s.init();
            return s;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            try {
                s.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    private void init() throws IOException, InterruptedException, SQLException {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, password + "\n");
        if (asPostgres) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", user, "--pwfile=" + pw, "-A", "md5",
            "-E", "UTF8", "--locale=C.UTF-8"), true);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
            "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c synchronous_commit=off -c full_page_writes=off", "start"), true);
        try (Connection c = DriverManager.getConnection(url("postgres"), user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /** The JDBC URL of a database of this server. */
    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** B's database. */
    String url() {
        return url(DATABASE);
    }

    String version() {
        return bin.toString();
    }

    /**
     * CPU time (user + system) the server's processes have used so far: the postmaster and its
     * children (backends, background workers), from {@code /proc}. A backend that exits takes its
     * time with it, so read this while the pools are open.
     */
    long cpuNanos() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            long ticks = ProcessCpu.stat(postmaster, true);
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long pid = Long.parseLong(name);
                    if (pid != postmaster && ProcessCpu.parent(pid) == postmaster) {
                        ticks += ProcessCpu.stat(pid, false);
                    }
                }
            }
            return ticks * ProcessCpu.NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asServerUser && asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("cmd.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
                + Files.readString(dir.resolve("cmd.log")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops the server (fast, then immediate) and deletes its directory. */
    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), true);
                } catch (IOException e) {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "30",
                        "stop"), true);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not stop B's server in " + data + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory left behind is harmless
        }
    }
}
