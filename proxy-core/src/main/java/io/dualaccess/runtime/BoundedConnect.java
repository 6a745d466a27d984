package io.dualaccess.runtime;

import io.dualaccess.source.ConnectionSource;
import io.dualaccess.threads.DaemonThreads;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a connection within a time limit, whatever the driver's own connect timeout (many have
 * none by default, and {@code DriverManager.setLoginTimeout} is process-wide). The connect runs on a
 * daemon thread; past the limit the caller gets an {@link SQLTimeoutException}, and a connection that
 * arrives later is closed, never leaked. For rare connects (B's first), not the hot path.
 */
final class BoundedConnect {

    private static final DaemonThreads THREADS = new DaemonThreads("connect");

    private BoundedConnect() {
    }

    static Connection open(ConnectionSource source, Duration limit, String what) throws SQLException {
        CompletableFuture<Connection> pending = new CompletableFuture<>();
        Thread t = THREADS.newThread(() -> {
            try {
                Connection c = source.open();
                if (!pending.complete(c)) {
                    // The caller gave up: nobody will close it but us.
                    closeQuietly(c);
                }
            } catch (Throwable e) {
                pending.completeExceptionally(e);
            }
        });
        t.start();
        try {
            return result(pending.get(limit.toMillis(), TimeUnit.MILLISECONDS), null, what);
        } catch (TimeoutException e) {
            if (pending.completeExceptionally(e)) {
                t.interrupt();
                throw new SQLTimeoutException("dualaccess: " + what + " did not accept a connection within "
                    + limit.toMillis() + " ms", "08001", e);
            }
            // It completed just now: take what it gave.
            return settled(pending, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!pending.completeExceptionally(e)) {
                closeQuietly(pending.getNow(null));
            }
            throw new SQLException("dualaccess: interrupted while connecting to " + what, "08001", e);
        } catch (ExecutionException e) {
            return result(null, e.getCause(), what);
        }
    }

    private static Connection settled(CompletableFuture<Connection> pending, String what) throws SQLException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            return result(null, e.getCause(), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("dualaccess: interrupted while connecting to " + what, "08001", e);
        }
    }

    private static Connection result(Connection c, Throwable failure, String what) throws SQLException {
        if (failure == null) {
            return c;
        }
        if (failure instanceof SQLException s) {
            throw s;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        throw new SQLException("dualaccess: connecting to " + what + " failed: " + failure, "08001", failure);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // a connection nobody asked for any more
            }
        }
    }
}
