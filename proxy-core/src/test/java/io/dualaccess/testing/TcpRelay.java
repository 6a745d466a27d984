package io.dualaccess.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback in front of a real database, so a test can make it sick without touching
 * the server others use (moved here from the benchmarks' load run, with more ways to fail):
 * <ul>
 *   <li>{@link Mode#PASS}: bytes pass both ways;</li>
 *   <li>{@link Mode#BLACK_HOLE}: connections are accepted, but no byte goes anywhere (a dropped route, a hung host);</li>
 *   <li>{@link Mode#RESET}: every relayed connection is reset, and new ones are reset right after they are accepted;</li>
 *   <li>{@link Mode#REFUSE}: every relayed connection is reset and new ones are refused (the server is down);</li>
 *   <li>{@link Mode#SLOW}: every burst the server sends back is held for {@link #delay(Duration)} before it passes on.</li>
 * </ul>
 * Back to {@code PASS}, new connections work again; connections that lived through a black hole go on
 * with whatever bytes were held (the client has usually given up on them by then).
 */
public final class TcpRelay implements AutoCloseable {

    /** What the relay does with bytes and connections. */
    public enum Mode { PASS, BLACK_HOLE, RESET, REFUSE, SLOW }

    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile long delayNanos;
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    /** Starts relaying connections made to {@link #port()} to {@code host:port}. */
    public TcpRelay(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = listen(0);
        this.port = server.getLocalPort();
        daemon("relay-accept", () -> acceptLoop(server)).start();
    }

    /** A relay in front of the host and port of a JDBC URL ({@code jdbc:vendor://host:port/...}). */
    public static TcpRelay inFrontOf(String jdbcUrl) throws IOException {
        java.net.URI u = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return new TcpRelay(u.getHost(), u.getPort());
    }

    /** The JDBC URL through the relay: {@code jdbcUrl} with its port replaced. */
    public String url(String jdbcUrl) {
        java.net.URI u = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return jdbcUrl.replace(u.getHost() + ":" + u.getPort(), "127.0.0.1:" + port);
    }

    /** The local port to connect to instead of the server's. */
    public int port() {
        return port;
    }

    /** The delay of {@link Mode#SLOW}. */
    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Switches to a mode; {@code RESET} and {@code REFUSE} reset every live connection at once. */
    public synchronized void mode(Mode m) throws IOException {
        Mode was = mode;
        mode = m;
        if (m == Mode.RESET || m == Mode.REFUSE) {
            for (Socket s : sockets) {
                reset(s);
            }
        }
        if (m == Mode.REFUSE && was != Mode.REFUSE) {
            server.close();
        } else if (was == Mode.REFUSE && m != Mode.REFUSE && !closed) {
            ServerSocket s = listen(port);
            server = s;
            daemon("relay-accept", () -> acceptLoop(s)).start();
        }
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return s;
    }

    private void acceptLoop(ServerSocket listener) {
        while (!closed && !listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed: refused from now on, or shut down
            }
            if (mode == Mode.RESET || mode == Mode.REFUSE) {
                reset(client);
                continue;
            }
            sockets.add(client);
            daemon("relay-connect", () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        // A black hole accepts and then says nothing: the upstream connection waits for it to end.
        while (mode == Mode.BLACK_HOLE && !closed && !client.isClosed()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (mode == Mode.RESET || mode == Mode.REFUSE || closed || client.isClosed()) {
            reset(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            reset(client);
            closeQuietly(upstream);
            return;
        }
        sockets.add(upstream);
        daemon("relay-up", () -> pump(client, upstream)).start();
        BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
        daemon("relay-down-read", () -> readInto(upstream, line)).start();
        daemon("relay-down-write", () -> writeFrom(line, client, upstream)).start();
    }

    /** Waits while the relay is a black hole; false when the connection should end. */
    private boolean passable(Socket s) {
        while (mode == Mode.BLACK_HOLE && !closed && !s.isClosed()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return !closed && !s.isClosed();
    }

    /** Client to server, undelayed. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!passable(from)) {
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeBoth(from, to);
        }
    }

    /** Server to client, first half of the delay line: stamp each burst with when it may go on. */
    private void readInto(Socket from, BlockingQueue<Chunk> line) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                line.add(new Chunk(System.nanoTime() + (mode == Mode.SLOW ? delayNanos : 0), Arrays.copyOf(buf, n)));
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            line.add(new Chunk(0, END));
        }
    }

    private void writeFrom(BlockingQueue<Chunk> line, Socket to, Socket from) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk c = line.poll(1, TimeUnit.SECONDS);
                if (c == null) {
                    if (closed || to.isClosed()) {
                        return;
                    }
                    continue;
                }
                if (c.bytes == END) {
                    return;
                }
                long wait;
                while ((wait = c.due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!passable(to)) {
                    return;
                }
                out.write(c.bytes);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
    }

    private void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // a plain close then
        }
        closeQuietly(s);
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private record Chunk(long due, byte[] bytes) {
    }
}
