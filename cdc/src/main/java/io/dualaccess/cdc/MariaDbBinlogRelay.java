package io.dualaccess.cdc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback relay between Debezium's MySQL connector and a MariaDB A that makes MariaDB mark
 * transaction boundaries the way the connector understands them.
 *
 * <p>The binlog reader announces {@code SET @mariadb_slave_capability=4} (GTID-aware), so MariaDB
 * starts each transaction with its own GTID event, which the MySQL connector ignores: it then sees
 * no transaction (no BEGIN/END markers, no whole-transaction apply) and positions itself per row
 * event, which does not survive a restart exactly. Announced as capability 3, MariaDB sends the
 * {@code BEGIN} query event MySQL replicas expect instead, and the connector's transactions and
 * restart positions work as with MySQL. This relay rewrites that one query on its way to MariaDB
 * (same length, one byte) and passes every other byte through unchanged, both ways.
 * (The debezium-connector-mariadb artifact, which speaks GTID events, is not published at the
 * Debezium version used.)
 */
final class MariaDbBinlogRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbBinlogRelay.class);
    private static final byte[] ASKED = "SET @mariadb_slave_capability=4".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MariaDbBinlogRelay(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::acceptLoop, "dualaccess-sync-relay");
        accept.setDaemon(true);
        accept.start();
    }

    /** Starts a relay to MariaDB at host:port, listening on a free loopback port. */
    static MariaDbBinlogRelay start(String host, int port) throws IOException {
        return new MariaDbBinlogRelay(host, port);
    }

    /** The loopback port the connector connects to. */
    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("relay accept failed", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (towardsServer) {
                        rewrite(buf, n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "dualaccess-sync-relay-" + (towardsServer ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    /** Replaces the capability the reader asks for, where the query appears in the bytes read. */
    static void rewrite(byte[] buf, int n) {
        outer:
        for (int i = 0; i + ASKED.length <= n; i++) {
            for (int j = 0; j < ASKED.length; j++) {
                if (buf[i + j] != ASKED[j]) {
                    continue outer;
                }
            }
            buf[i + ASKED.length - 1] = '3';
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }
}
