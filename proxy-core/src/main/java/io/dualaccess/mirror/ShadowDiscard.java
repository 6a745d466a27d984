package io.dualaccess.mirror;

import io.dualaccess.events.ErrorText;
import io.dualaccess.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Rolls back and gives back shadow connections whose transaction the mirror gave up, off the
 * application's thread: against a sick shadow side the rollback may take as long as the network
 * timeout. One task per connection, so at most as many threads as the shadow pool has connections;
 * idle threads end after a minute.
 */
final class ShadowDiscard {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowDiscard.class);
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(new DaemonThreads("shadow-discard"));

    private ShadowDiscard() {
    }

    /** Closes {@code c} (back to its pool), in the background. */
    static void close(Connection c) {
        run(() -> {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing a shadow connection failed: {}", ErrorText.masked(e.toString()));
            }
        });
    }

    private static void run(Runnable task) {
        try {
            THREADS.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * Closes the vendor's connection under a pooled one whose rollback failed: the mirror's
     * statements run on the vendor's connection ({@link KeptStatements}), so the pool does not know
     * the transaction is open, and its reset on return (autocommit back on) would commit it. Closed,
     * the server rolls it back and the pool drops the connection when it comes back.
     */
    static void closeVendor(Connection pooled) {
        try {
            Connection vendor = KeptStatements.vendor(pooled);
            if (vendor != pooled) {
                vendor.close();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a shadow connection after a failed rollback failed: {}", ErrorText.masked(e.toString()));
        }
    }

    /** Rolls {@code c}'s transaction back and closes it (back to its pool), in the background. */
    static void rollbackAndClose(Connection c, Mirror mirror) {
        Runnable task = () -> {
            try {
                c.rollback();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("shadow rollback failed: {}", mirror.shown(e));
                closeVendor(c);
            }
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing a shadow connection failed: {}", ErrorText.masked(e.toString()));
            }
        };
        run(task);
    }
}
